import { describe, expect, it } from "vitest";
import { parsePairwise, parseRating, parseRubric, ratingToScore } from "@/evals";

describe("parsePairwise (FastChat's order [[A]] → [[B]] → [[C]])", () => {
  it("reads the verdict token", () => {
    expect(parsePairwise("B is clearer. [[B]]")).toBe("B");
    expect(parsePairwise("Both are equally good: [[C]]")).toBe("C");
  });
  it("reads A when both [[A]] and [[B]] appear, whatever their order", () => {
    expect(parsePairwise("Not [[B]]; my verdict is [[A]]")).toBe("A");
  });
  it("gives null without a token (no silent tie)", () => {
    expect(parsePairwise("A is better.")).toBeNull();
    expect(parsePairwise("[A]")).toBeNull();
  });
});

describe("parseRating", () => {
  it("reads [[n]] and falls back to [n]", () => {
    expect(parseRating("Rating: [[7]]")).toBe(7);
    expect(parseRating("Rating: [[7.5]]")).toBe(7.5);
    expect(parseRating("Rating: [8]")).toBe(8);
    expect(parseRating("first [[3]] then [[9]]")).toBe(3);
  });
  it("refuses a missing or out-of-scale rating", () => {
    expect(parseRating("Seven out of ten")).toBeNull();
    expect(parseRating("Rating: [[11]]")).toBeNull();
    expect(parseRating("Rating: [[0]]")).toBeNull();
  });
  it("maps 1–10 onto 0–100", () => {
    expect(ratingToScore(1)).toBe(0);
    expect(ratingToScore(10)).toBe(100);
    expect(ratingToScore(5.5)).toBe(50);
    expect(ratingToScore(4)).toBeCloseTo(100 / 3, 12);
  });
});

describe("parseRubric", () => {
  const criteria = ["accuracy", "style"];
  it("reads one rating per criterion", () => {
    expect(parseRubric("Good.\naccuracy: [[8]]\n**style**: [[3]]", criteria)).toEqual({
      accuracy: 8,
      style: 3,
    });
  });
  it("gives null when a criterion is missing or off the scale", () => {
    expect(parseRubric("accuracy: [[8]]", criteria)).toBeNull();
    expect(parseRubric("accuracy: [[8]]\nstyle: [[12]]", criteria)).toBeNull();
  });
});
