export { judgeBoard } from "./judge-board";
