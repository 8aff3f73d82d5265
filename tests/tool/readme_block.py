"""Prints the code block of README.md that follows `<!-- quick-start:NAME -->`.

Usage: python3 readme_block.py README.md NAME
"""
import sys

readme, name = sys.argv[1], sys.argv[2]
lines = open(readme, encoding="utf-8").read().splitlines()
marker = f"<!-- quick-start:{name} -->"
if marker not in lines:
    sys.exit(f"README has no {marker}")
start = lines.index(marker) + 1
if not lines[start].startswith("```"):
    sys.exit(f"{marker} is not followed by a code block")
end = lines.index("```", start + 1)
print("\n".join(lines[start + 1:end]))
