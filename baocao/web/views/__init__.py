"""HTML views of baocao: thin — parse input, call a service or selector, render."""
