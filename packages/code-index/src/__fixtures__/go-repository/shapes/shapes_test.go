package shapes

import "testing"

func TestArea(t *testing.T) {
	r := NewRect(2, 3)
	if got := r.Area(); got != 6 {
		t.Fatalf("area %v", got)
	}
}

func BenchmarkNewRect(b *testing.B) {
	for i := 0; i < b.N; i++ {
		NewRect(1, 1)
	}
}

func helper() {}
