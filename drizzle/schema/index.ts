// Every table file, so drizzle-kit and the drizzle client see one schema.

export * from "./auth";
export { newId } from "./columns";
export * from "./compare";
export * from "./datasets";
export * from "./evaluations";
export * from "./experiments";
export * from "./gates";
export * from "./hooks";
export * from "./jobs";
export * from "./judges";
export * from "./leaderboard";
export * from "./metrics";
export * from "./projects";
export * from "./reviews";
export * from "./runs";
export * from "./settings";
export * from "./tokens";
