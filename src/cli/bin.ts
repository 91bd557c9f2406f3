#!/usr/bin/env node
import { readFile, writeFile } from "node:fs/promises";
import { runCli } from "./main";

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  stderrIsTTY: !!process.stderr.isTTY,
  readFile: (path) => readFile(path, "utf8"),
  writeFile: (path, text) => writeFile(path, text, "utf8"),
  now: () => new Date(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`qt-assure: ${String(error)}\n`);
    process.exitCode = 2;
  },
);
