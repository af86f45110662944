// Types for tools.mjs, which stays plain JavaScript because it runs before node_modules exists.
export declare const root: string;
export declare const toolsDir: string;
export declare const nodePackageName: string;
export declare const nodePackageDir: string;
export declare const nodeBinDir: string;
export declare const nodeBin: string;
export declare const codeServerDir: string;
export declare const codeServerEntry: string;
export declare const chromiumPath: string;
export declare const chromiumArgs: string[];

export interface CodeServerProfile {
  dir: string;
  userDataDir: string;
  extensionsDir: string;
  configFile: string;
  dataHome: string;
}
export declare function environmentWithoutNpmRun(): NodeJS.ProcessEnv;
export declare const quietSettings: Record<string, unknown>;
export declare function codeServerProfile(dir: string): CodeServerProfile;
export declare function codeServerEnv(profile?: CodeServerProfile, extra?: Record<string, string>): NodeJS.ProcessEnv;
export declare function profileFlags(profile: CodeServerProfile): string[];
export declare function serveFlags(profile: CodeServerProfile, port: number): string[];
export declare function missingTools(): string[];
