// Plain data as YAML and JSON files hold it: the one type every reader returns (parse.ts, the fast
// reader in fast-yaml.ts) and every checker reads.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
