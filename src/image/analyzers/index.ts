import type { Analyzer } from './analyzer.js';
import { apkAnalyzer } from './apk.js';
import { dpkgAnalyzer } from './dpkg.js';
import { goBinaryAnalyzer } from './go-binary.js';
import { javaAnalyzer } from './java.js';
import { npmAnalyzer } from './npm.js';
import { osReleaseAnalyzer } from './os-release.js';
import { pythonAnalyzer } from './python.js';
import { rpmAnalyzer } from './rpm.js';

/** Every analyser, in no particular order: each decides from the path which files it reads. */
export const ALL_ANALYZERS: readonly Analyzer[] = [osReleaseAnalyzer, dpkgAnalyzer, apkAnalyzer, npmAnalyzer, pythonAnalyzer, rpmAnalyzer, goBinaryAnalyzer, javaAnalyzer];
