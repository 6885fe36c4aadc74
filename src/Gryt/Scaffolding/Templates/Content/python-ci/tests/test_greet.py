from {{package}} import greet


def test_greets_by_name():
    assert greet("Ada") == "Hello, Ada!"


def test_greets_the_world_without_a_name():
    assert greet("") == "Hello, world!"
    assert greet("  ") == "Hello, world!"
