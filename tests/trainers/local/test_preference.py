"""Preference JSONL (OpenAI's format): line-by-line validation naming line and field, and the token layout."""

import json

import pytest
from conftest import make_tokenizer, write_jsonl

from worker.data import IGNORE, DataError, encode_prompt
from worker.preference import load_pairs

GOOD = {
    "input": {
        "messages": [
            {"role": "system", "content": "answer"},
            {"role": "user", "content": "what color is the sky ?"},
        ],
        "tools": [],
        "parallel_tool_calls": True,
    },
    "preferred_output": [{"role": "assistant", "content": "blue"}],
    "non_preferred_output": [{"role": "assistant", "content": "green and red"}],
}


def with_(path, value):
    """GOOD with the field at `path` (a tuple of keys / indices) replaced; value None deletes it."""
    line = json.loads(json.dumps(GOOD))
    obj = line
    for key in path[:-1]:
        obj = obj[key]
    if value is None:
        del obj[path[-1]]
    else:
        obj[path[-1]] = value
    return line


@pytest.mark.parametrize(
    "bad, message",
    [
        (with_(("preferred_output",), None), "missing ['preferred_output']"),
        (with_(("extra",), 1), "unknown key(s) ['extra']"),
        (with_(("input",), [GOOD["input"]["messages"]]), "input must be an object"),
        (with_(("input", "messages"), []), "input.messages must be a non-empty list"),
        (with_(("input", "messages", 1, "role"), "bot"), "input.messages[1].role must be one of"),
        (
            with_(("input", "messages", 1, "content"), [{"type": "text", "text": "hi"}]),
            "input.messages[1].content must be a string (text only), got list",
        ),
        (
            with_(("input", "messages"), GOOD["input"]["messages"][:1]),
            "input.messages must end with a user message",
        ),
        (with_(("input", "tools"), [{"type": "function"}]), "input.tools must be empty"),
        (
            with_(("input", "parallel_tool_calls"), "yes"),
            "input.parallel_tool_calls must be true or false",
        ),
        (
            with_(("preferred_output",), {"role": "assistant", "content": "blue"}),
            "preferred_output must be a list of exactly one assistant message",
        ),
        (
            with_(("non_preferred_output",), GOOD["non_preferred_output"] * 2),
            "non_preferred_output must be a list of exactly one assistant message",
        ),
        (
            with_(("non_preferred_output", 0, "role"), "user"),
            "non_preferred_output[0].role must be one of ['assistant']",
        ),
        (
            with_(("preferred_output", 0, "content"), None),
            "preferred_output[0].content must be a string",
        ),
        ("a string", "expected an object"),
    ],
)
def test_errors_name_line_and_field(tmp_path, bad, message):
    path = write_jsonl(tmp_path / "prefs.jsonl", [GOOD, GOOD, bad])
    with pytest.raises(DataError) as e:
        load_pairs(path, make_tokenizer(), 64)
    assert f"prefs.jsonl:3: {message}" in str(e.value)


def test_every_bad_line_is_reported(tmp_path):
    path = tmp_path / "prefs.jsonl"
    path.write_text(json.dumps(GOOD) + "\n{not json\n")
    with pytest.raises(DataError, match=r"prefs.jsonl:2: not valid JSON"):
        load_pairs(str(path), make_tokenizer(), 64)
    bad = [with_(("input", "messages"), []) for _ in range(7)]
    with pytest.raises(DataError, match=r"p2.jsonl:5: [^;]*\(and 2 more\)$"):
        load_pairs(write_jsonl(tmp_path / "p2.jsonl", bad), make_tokenizer(), 64)


def test_completion_tokens_only_and_keep_start_truncation(tmp_path):
    tok = make_tokenizer()
    [(chosen, rejected)], truncated = load_pairs(write_jsonl(tmp_path / "p.jsonl", [GOOD]), tok, 64)
    prompt = encode_prompt(tok, GOOD["input"]["messages"])
    for (ids, labels), answer in ((chosen, ["blue"]), (rejected, ["green", "and", "red"])):
        assert ids[: len(prompt)] == prompt and labels[: len(prompt)] == [IGNORE] * len(prompt)
        completion = tok.convert_ids_to_tokens([x for x in labels if x != IGNORE])
        # the completion is everything the template writes after the prompt, end-of-turn included
        assert completion[: len(answer) + 1] == [*answer, "<|im_end|>"]
        assert ids[len(prompt) :] == [x for x in labels if x != IGNORE]
    assert truncated == 0
    cut = len(prompt) + 1
    [(chosen, rejected)], truncated = load_pairs(
        write_jsonl(tmp_path / "q.jsonl", [GOOD]), tok, cut
    )
    assert truncated == 2 and len(chosen[0]) == len(rejected[0]) == cut  # keep_start
    with pytest.raises(DataError, match=r"q.jsonl:1: the prompt alone fills training.max_seq_len"):
        load_pairs(str(tmp_path / "q.jsonl"), tok, len(prompt))
