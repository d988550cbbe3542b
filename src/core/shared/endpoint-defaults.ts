// The endpoint and model used when the user names none, in the editor and the CLI alike.
export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_MODEL = 'gpt-4o-mini';
