#!/usr/bin/env node
import "../dist/bundle/keyward.js";
