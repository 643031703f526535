#!/usr/bin/env node
// The `matinee` command. Source is TypeScript run through tsx's loader, so a fresh
// `npm ci` needs no build step before `npm start` works.
import { register } from "tsx/esm/api";

register();
await import("./cli.ts");
