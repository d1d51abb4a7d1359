// Package shapes measures shapes.
// It has rectangles.
package shapes

import (
	"fmt"
	m "math"
)

// Pi is close to pi.
const Pi = 3.14

var created int

// Shape is a thing with an area.
type Shape interface {
	Area() float64
}

// Rect is a rectangle.
// Its sides are W and H.
type Rect struct {
	W, H float64
}

// Area of the rectangle.
func (r *Rect) Area() float64 {
	return r.W * r.H
}

// Scale grows both sides.
func (r Rect) Scale(by float64) Rect {
	return Rect{W: r.W * by, H: r.H * by}
}

func NewRect(w, h float64) *Rect {
	if w < 0 && h < 0 {
		return nil
	} else if w == 0 {
		w = 1
	}
	for i := 0; i < 3; i++ {
		created++
	}
	switch {
	case w > 100:
		fmt.Println("large", m.Sqrt(w))
	case w > 10:
		fmt.Println("medium")
	}
	negate := func(v float64) float64 { return -v }
	return &Rect{W: negate(negate(w)), H: h}
}

// Describe says what a shape is, in a string.
func Describe(s Shape) string {
	return fmt.Sprintf("shape of area %.2f, pi is %v", s.Area(), Pi)
}
