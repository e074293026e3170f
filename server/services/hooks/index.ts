export { handleOpenAIHook } from "./openai-hook";
export { handleSageMakerHook, SAGEMAKER_SECRET_HEADER } from "./sagemaker-hook";
export { handleGenericHook, signGeneric, GENERIC_HEADERS, GenericHookBody } from "./generic-hook";
export { MAX_HOOK_BODY_BYTES } from "./read-body";
