"""{{name}}: a tiny package governed by gryt."""

__version__ = "0.1.0"


def greet(name: str = "") -> str:
    """Returns the greeting for a name; an empty name greets the world."""
    who = name.strip() or "world"
    return f"Hello, {who}!"
