"""The demo's custom scorer: the share of the record's five values (name, food, area, price,
rating) that the sentence states, 0-100, like the slot error rate of the E2E NLG Challenge.
The record is in the prompt: "name: X | food: Y | area: Z | price: P | rating: R/5"."""

import re

PRICE_LEVELS = {"cheap": "low", "moderately priced": "moderate", "expensive": "high"}


def score(prompt: str, output: str, reference: str) -> float:
    def field(key: str) -> str:
        return re.search(rf"\b{key}: ([^|\n]+)", prompt).group(1).strip()

    price = field("price")
    wanted = [
        [field("name")],
        [field("food")],
        [field("area")],
        [price, f"{PRICE_LEVELS[price]} price"],
        [f"{field('rating').split('/')[0]} out of 5"],
    ]
    said = output.lower()
    return 100 * sum(any(w.lower() in said for w in ways) for ways in wanted) / len(wanted)
