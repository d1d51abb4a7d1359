package main

import (
	"fmt"

	"example.com/shapes/shapes"
)

func main() {
	fmt.Println(shapes.NewRect(1, 2).Area())
}
