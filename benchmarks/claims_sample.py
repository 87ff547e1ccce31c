"""The random draw of labeled posts for the claim-accuracy evaluation (tests/facts/labels/).

Posts of ``../shared/corpus/allforces/_posts`` are shuffled with a fixed seed and taken in that
order, each into its half (``benchmarks/corpus_split.half_of``), until each half holds ``PER_HALF``
*useful* posts. Skip rule (decided before drawing, mechanical, not lintkit's output): a post is
useful when at least one body line (after the front matter) holds a digit and one of ``NAMES``
(the names of the entities of the blog's ``_data/market`` and the documented aliases),
case-insensitively. Every drawn post is listed with its half and whether it was taken or skipped.

    python benchmarks/claims_sample.py              # prints the draw order (PER_HALF)
    python benchmarks/claims_sample.py 38 38        # the same with other counts per half
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_split import half_of  # noqa: E402

SEED = 20261206
# how many useful posts of each half are labeled (the first ones in the draw order)
PER_HALF = {"tune": 60, "holdout": 90}
POSTS = Path(__file__).resolve().parents[1].parent / "shared/corpus/allforces/_posts"

# entity names of the blog's _data/market (pricing.yml, benchmarks.yml, companies.yml, market_sizes.yml segments)
# and the aliases of docs/claims-corpus.md
NAMES = (
    "GPT-4o", "GPT-4o Mini", "GPT-5.2 Pro", "o3", "Claude Opus 4.5", "Claude Sonnet 4", "Claude Haiku 3.5",
    "Gemini 2.5 Flash", "Gemini 2.5 Flash Lite", "Gemini 2.0 Flash", "Gemini 3 Pro", "Grok 4.1", "DeepSeek R1",
    "DeepSeek V3", "Llama 3 405B", "Llama 3 70B", "Mistral Large 3", "Ministral 3", "H100", "B200",
    "OpenAI", "Anthropic", "Google", "Alphabet", "Microsoft", "NVIDIA", "Meta", "Amazon", "Apple", "Broadcom",
    "Mistral", "AI市場", "世界のAI市場", "グローバルAI市場", "AI市場全体", "生成AI市場", "生成AI", "日本のAI市場",
    "日本市場", "国内AI市場", "AIエージェント", "AIチップ", "AIヘルスケア", "AI SaaS", "自動運転",
)
_NAMES = re.compile("|".join(re.escape(n) for n in sorted(NAMES, key=len, reverse=True)), re.IGNORECASE)
_DIGIT = re.compile(r"[0-9０-９]")


def body_lines(text: str) -> list[tuple[int, str]]:
    """(1-based line number, line) of the body: the lines after the closing ``---`` of the front matter."""
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                start = i + 1
                break
    return [(i + 1, lines[i]) for i in range(start, len(lines))]


def useful(path: Path) -> bool:
    return any(_DIGIT.search(line) and _NAMES.search(line) for _, line in body_lines(path.read_text(encoding="utf-8")))


def draw(posts: Path = POSTS, per_half: dict[str, int] | None = None,
         seed: int = SEED) -> list[tuple[int, str, str, bool]]:
    """(position, name, half, taken) in draw order, until each half holds its number of useful posts.

    ``position`` is the post's 1-based place in the seeded shuffle of all post names: it does not
    depend on how many posts each half takes (posts of a half already full are passed over).
    """
    want = per_half or PER_HALF
    names = sorted(p.name for p in posts.glob("*.md"))
    random.Random(seed).shuffle(names)
    taken = {"tune": 0, "holdout": 0}
    out: list[tuple[int, str, str, bool]] = []
    for position, name in enumerate(names, 1):
        half = half_of(name)
        if taken[half] >= want[half]:
            continue
        ok = useful(posts / name)
        out.append((position, name, half, ok))
        taken[half] += ok
        if all(taken[h] >= want[h] for h in taken):
            break
    return out


if __name__ == "__main__":
    counts = {"tune": int(sys.argv[1]), "holdout": int(sys.argv[2])} if len(sys.argv) > 2 else None
    for position, name, half, ok in draw(per_half=counts):
        print(f"{position:3d} {half:8s} {'take' if ok else 'skip'} {name}")
