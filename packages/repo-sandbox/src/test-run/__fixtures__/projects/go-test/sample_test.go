package sample

import (
	"fmt"
	"testing"
)

func TestPass(t *testing.T) {}

func TestFail(t *testing.T) {
	fmt.Println("--- PASS: TestFail (0.00s)")
	fmt.Println("--- PASS: TestGhost (0.00s)")
	t.Fatal("one is not two")
}

func TestSkip(t *testing.T) { t.Skip("not today") }

func TestSub(t *testing.T) {
	t.Run("inner_ok", func(t *testing.T) {})
	t.Run("inner_bad", func(t *testing.T) { t.Error("bad") })
}
