export { getSettings, loadSettings, type ProjectSettingsView } from "./get-settings";
export { backendSettings, projectBackend } from "./project-backend";
export { generateHookSecret, generateWebhookSecret, SECRET_KINDS } from "./secret-names";
export { putSecret, readSecret } from "./secrets";
export { clearSecret, rotateSecret, setSecret, updateSettings } from "./update-settings";
