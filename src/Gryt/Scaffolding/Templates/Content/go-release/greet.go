package main

import "strings"

// Greet returns the greeting for a name; an empty name greets the world.
func Greet(name string) string {
	who := strings.TrimSpace(name)
	if who == "" {
		who = "world"
	}
	return "Hello, " + who + "!"
}
