export { getSettings, loadSettings, type ProjectSettingsView } from "./get-settings";
export { updateSettings, setSecret, rotateSecret, clearSecret } from "./update-settings";
export { readSecret, putSecret } from "./secrets";
export { projectBackend, backendSettings } from "./project-backend";
export { generateHookSecret, generateWebhookSecret, SECRET_KINDS } from "./secret-names";
