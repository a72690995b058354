// Types for the benchmark's data generator, which the tests also use.
export function questionnaireYaml(id: string, n: number): string;
export function answersYaml(qfile: string, id: string, n: number): string;
export function writeAssessment(dir: string, n: number): string;
export function writeFolder(dir: string, count: number, size?: number): void;
