// Every table file, so drizzle-kit and the drizzle client see one schema.
export { newId } from "./columns";
export * from "./auth";
export * from "./projects";
export * from "./tokens";
export * from "./jobs";
export * from "./datasets";
export * from "./experiments";
export * from "./runs";
export * from "./evaluations";
export * from "./settings";
export * from "./hooks";
export * from "./gates";
export * from "./compare";
export * from "./reviews";
