export type Severity = 'error' | 'warning';

/** One problem found in a file, at a 1-based line and column (UTF-16 code units). */
export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  severity: Severity;
  rule: string;
  message: string;
}

export interface Position {
  line: number;
  col: number;
}

export const START: Position = { line: 1, col: 1 };

export function diag(file: string, at: Position, severity: Severity, rule: string, message: string): Diagnostic {
  return { file, line: at.line, col: at.col, severity, rule, message };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** `--strict`: every warning becomes an error. */
export function strictify(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => (d.severity === 'warning' ? { ...d, severity: 'error' } : d));
}

export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.col - b.col,
  );
}

/** The problems found in one file, as `hrdd validate` reports them. */
export interface FileReport {
  file: string;
  kind?: string;
  diagnostics: Diagnostic[];
  /** plainly not an hrdd file (another tool's YAML): a folder scan skips it, a named file is checked */
  other?: boolean;
}
