"""Checks a quick-start example's output against the comment that ends its block.

The block's last line is `# EXPECTED` (or `// EXPECTED`): the output's last line
must hold EXPECTED, where `…` stands for anything.
Usage: python3 expect_output.py BLOCK_FILE OUTPUT_FILE
"""
import sys

block = open(sys.argv[1], encoding="utf-8").read().rstrip().splitlines()
output = open(sys.argv[2], encoding="utf-8").read().rstrip().splitlines()
expected = block[-1]
for comment in ("# ", "// "):
    if expected.startswith(comment):
        expected = expected[len(comment):]
        break
else:
    sys.exit(f"the block does not end with its expected output as a comment: {expected!r}")

actual = output[-1] if output else ""
position = 0
for piece in (p.strip() for p in expected.split("…")):
    found = actual.find(piece, position)
    if found < 0:
        sys.exit(f"expected {expected!r}\n     got {actual!r}")
    position = found + len(piece)
