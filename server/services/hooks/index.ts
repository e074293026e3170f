export { GENERIC_HEADERS, GenericHookBody, handleGenericHook, signGeneric } from "./generic-hook";
export { handleOpenAIHook } from "./openai-hook";
export { MAX_HOOK_BODY_BYTES } from "./read-body";
export { handleSageMakerHook, SAGEMAKER_SECRET_HEADER } from "./sagemaker-hook";
