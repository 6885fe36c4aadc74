package main

import "testing"

func TestGreetByName(t *testing.T) {
	if got := Greet("Ada"); got != "Hello, Ada!" {
		t.Fatalf("Greet(\"Ada\") = %q", got)
	}
}

func TestGreetTheWorldWithoutAName(t *testing.T) {
	if got := Greet(" "); got != "Hello, world!" {
		t.Fatalf("Greet(\" \") = %q", got)
	}
}
