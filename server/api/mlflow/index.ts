export { handleMlflow } from "./handle-mlflow";
