// Generated from the Keyward server's OpenAPI document: do not edit.
// Regenerate with `npm run generate -w @keyward/client` after changing a route schema.

export interface paths {
    "/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            status: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness: the database answers
         * @description Asks the database every time (nothing is cached): 503 DATABASE_UNAVAILABLE while it does not answer, 200 from the first probe after it is back.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            status: string;
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{id}/signing-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Public halves of an organization's signing keys (no authentication) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                algorithm: "ed25519" | "rsa";
                                /** @description SubjectPublicKeyInfo, Base64 DER */
                                publicKey: string;
                                /** @description the same key as a PEM PUBLIC KEY block */
                                publicKeyPem: string;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                retiredAt: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/licenses/actions/validate-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Validate a license by its key, optionally scoped to a device and app
         * @description Answers 200 for every outcome, NOT_FOUND included; the key is the credential.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the license key */
                        key: string;
                        /** @description what the client states about where it runs (SPEC R1); absent: not checked */
                        scope?: {
                            /** @description the SDK's device UUID or a hardware fingerprint */
                            fingerprint?: string;
                            productId?: string;
                            platform?: string;
                            appIdentifier?: string;
                            appVersion?: string;
                            entitlements?: string[];
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            valid: boolean;
                            /** @enum {string} */
                            code: "VALID" | "NOT_FOUND" | "SUSPENDED" | "EXPIRED" | "OVERDUE" | "LOCKED" | "NO_MACHINE" | "NO_MACHINES" | "FINGERPRINT_SCOPE_MISMATCH" | "TOO_MANY_MACHINES" | "HEARTBEAT_NOT_STARTED" | "HEARTBEAT_DEAD" | "PRODUCT_SCOPE_MISMATCH" | "PLATFORM_NOT_ALLOWED" | "APP_IDENTIFIER_NOT_ALLOWED" | "VERSION_NOT_ALLOWED" | "ENTITLEMENTS_MISSING" | "QUOTA_EXCEEDED";
                            detail: string;
                            license: {
                                id: string;
                                productId: string;
                                policyId: string;
                                userId: string | null;
                                name: string | null;
                                /** @description the license key (plain text or cryptographic) */
                                key: string;
                                /** @enum {string} */
                                status: "active" | "suspended" | "expired" | "revoked";
                                suspended: boolean;
                                /** Format: date-time */
                                expiresAt: string | null;
                                /** Format: date-time */
                                revokedAt: string | null;
                                uses: number;
                                /** Format: date-time */
                                firstActivatedAt: string | null;
                                /** Format: date-time */
                                firstValidatedAt: string | null;
                                /** Format: date-time */
                                lastCheckInAt: string | null;
                                /** @description the handshake code devices reach this license through (trackable licenses) */
                                handshakeCodeId: string | null;
                                /** @description per-license changes to the policy's limits */
                                overrides: {
                                    maxMachines?: number | null;
                                    maxUses?: number | null;
                                    overage?: {
                                        /** @enum {string} */
                                        strategy?: "none" | "percent" | "count";
                                        allowance?: number;
                                    };
                                    heartbeatDurationSeconds?: number | null;
                                    leaseDurationSeconds?: number;
                                    offlineGraceSeconds?: number;
                                };
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            } | null;
                            machine: {
                                id: string;
                                licenseId: string;
                                /** @description the SDK's device UUID or a hardware fingerprint */
                                fingerprint: string;
                                name: string | null;
                                platform: string | null;
                                osVersion: string | null;
                                appIdentifier: string | null;
                                appVersion: string | null;
                                /** @description device variables (SPEC L6): a JSON object */
                                variables: {
                                    [key: string]: unknown;
                                };
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                lastHeartbeatAt: string | null;
                                /**
                                 * Format: date-time
                                 * @description the machine counts as dead after this without a heartbeat; null: none needed
                                 */
                                heartbeatDeadlineAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Compact check: validation answered with a signed lease (SPEC R2–R5)
         * @description The lease (Ed25519) tells the device how long it may run without asking again and how long it may run offline after that; a refusal is a signed lock. NOT_FOUND has no lease (no organization to sign for).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the license key */
                        key: string;
                        /** @description the SDK's device UUID or a hardware fingerprint */
                        fingerprint?: string;
                        app?: string;
                        version?: string;
                        platform?: string;
                        nonce?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            valid: boolean;
                            /** @enum {string} */
                            code: "VALID" | "NOT_FOUND" | "SUSPENDED" | "EXPIRED" | "OVERDUE" | "LOCKED" | "NO_MACHINE" | "NO_MACHINES" | "FINGERPRINT_SCOPE_MISMATCH" | "TOO_MANY_MACHINES" | "HEARTBEAT_NOT_STARTED" | "HEARTBEAT_DEAD" | "PRODUCT_SCOPE_MISMATCH" | "PLATFORM_NOT_ALLOWED" | "APP_IDENTIFIER_NOT_ALLOWED" | "VERSION_NOT_ALLOWED" | "ENTITLEMENTS_MISSING" | "QUOTA_EXCEEDED";
                            /** @description lease/<claims>.<signature>: verify with @keyward/formats */
                            lease?: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/offline/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Activate a device from its offline request file (seed 003, LicenseSpring names)
         * @description Body: the device's request, Base64 of its JSON, as the raw body (any content type) or as the `file` field of multipart/form-data. Headers: `Date` (RFC 7231, within the server's window, default 10 minutes) and `Authorization`: LicenseSpring's `algorithm="hmac-sha256",headers="date",signature="<base64 HMAC of licenseSpring\ndate: <Date>>",apikey="<api key>"`, or `Bearer <admin or product token>`. A request is served once (replays: 409). The answer is the license and the activated device with an `offline_signature` the device checks with its shared key; `?format=file` (or `Accept: application/octet-stream`) returns it as a response file.
         */
        post: {
            parameters: {
                query?: {
                    /** @description file: the response as a downloadable response file (Base64 of the JSON) */
                    format?: "json" | "file";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description seed 003's activation response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            license_id: string;
                            /** @description null when the request was authorized by a license user */
                            license_key: string | null;
                            license_type: "perpetual" | "time-limited" | "subscription" | "consumption";
                            is_trial: boolean;
                            license_active: boolean;
                            license_enabled: boolean;
                            is_expired: boolean;
                            /**
                             * Format: date-time
                             * @description expiry; null: never
                             */
                            validity_period: string | null;
                            max_activations: number | null;
                            times_activated: number;
                            max_consumptions: number | null;
                            total_consumptions: number;
                            allow_overages: boolean;
                            max_overages: number;
                            product_features: {
                                code: string;
                            }[];
                            product_details: {
                                product_id: string;
                                product_name: string;
                                short_code: string | null;
                                authorization_method: "license_key" | "user";
                            };
                            user: {
                                id: string;
                                email: string;
                                username: string | null;
                                name: string | null;
                            } | null;
                            device_id: string;
                            hardware_id: string;
                            variables: {
                                [key: string]: unknown;
                            };
                            /** @description RFC 7231 date the offline_signature covers */
                            date: string;
                            /** @description base64 HMAC-SHA256 (shared key) of licenseSpring\ndate: <date>\n<license_key or username>\n<hardware_id>\n<api_key> */
                            offline_signature: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/offline/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Free a device's seat from its signed offline deactivation request
         * @description Body: the device's request, Base64 of its JSON, as the raw body (any content type) or as the `file` field of multipart/form-data. Headers: `Date` (RFC 7231, within the server's window, default 10 minutes) and `Authorization`: LicenseSpring's `algorithm="hmac-sha256",headers="date",signature="<base64 HMAC of licenseSpring\ndate: <Date>>",apikey="<api key>"`, or `Bearer <admin or product token>`. A request is served once (replays: 409).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            license_id: string;
                            hardware_id: string;
                            /** @enum {boolean} */
                            deactivated: true;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/trackable/authorize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Authorize a device by organization and/or handshake code (SPEC T2–T10)
         * @description Neither organizationId nor handshakeCode: the product's 7-day public trial, once per device UUID and, when hardwareId is sent, once per machine (409 TRIAL_ALREADY_USED). 200 with a signed lease for every decision on a license (valid or not); 401 SESSION_PASSWORD_INVALID, 403 DOMAIN/PROCESS/APP_IDENTIFIER_NOT_ALLOWED, 404 HANDSHAKE_CODE_NOT_FOUND / LICENSE_NOT_FOUND / TRIAL_NOT_AVAILABLE, 429 SESSION_PASSWORD_BUSY (retry in a few seconds).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        organizationId?: string;
                        handshakeCode?: string;
                        sessionPassword?: string;
                        productId: string;
                        domain?: string;
                        processName?: string;
                        appIdentifier?: string;
                        /** @description the random UUID the SDK generates and caches (SPEC T7) */
                        deviceId: string;
                        /** @description public trials only: a hash of the machine's id, keyed per product (the SDK sends HMAC-SHA-256 hex where the platform has a machine id); one public trial per value */
                        hardwareId?: string;
                        platform?: string;
                        appVersion?: string;
                        nonce?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            valid: boolean;
                            code: string;
                            detail: string;
                            /** @description lease/<claims>.<signature> (Ed25519): verifyLease from @keyward/formats; claims add org, prod, hsc, off (offline seconds, T9), q (quota stage) and trial */
                            lease: string;
                            licenseId: string;
                            expiresAt: string | null;
                            /** @enum {string|null} */
                            quota: "ok" | "grace" | "exhausted" | null;
                            trial: {
                                /** @enum {string} */
                                kind: "public" | "private";
                                expiresAt: string | null;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/trackable/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Report usage: a batch of condensed reports, each counted once (SPEC T6, T8) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        organizationId?: string;
                        handshakeCode?: string;
                        sessionPassword?: string;
                        productId: string;
                        domain?: string;
                        processName?: string;
                        appIdentifier?: string;
                        reports: {
                            /** @description the client's id of the report: counted once (SPEC T6) */
                            reportId: string;
                            /** @description the random UUID the SDK generates and caches (SPEC T7) */
                            deviceId: string;
                            /** Format: date-time */
                            periodStart: string;
                            /** Format: date-time */
                            periodEnd: string;
                            /** @description uses per feature in the period */
                            counters: {
                                [key: string]: number;
                            };
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description reports counted now */
                            accepted: number;
                            /** @description reports counted before: not counted again */
                            duplicates: number;
                            /** @description counter lines (report × feature) counted now */
                            counted: number;
                            rejected: {
                                reportId: string;
                                code: string;
                            }[];
                            licenses: {
                                licenseId: string;
                                /** @enum {string} */
                                quota: "ok" | "grace" | "exhausted";
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organization": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organization of the calling token */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                name: string;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename the organization of the calling token (admin tokens) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                name: string;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/signing-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Public halves of the organization's signing keys (Ed25519 and RSA-2048) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                algorithm: "ed25519" | "rsa";
                                /** @description SubjectPublicKeyInfo, Base64 DER */
                                publicKey: string;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                retiredAt: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List tokens (never their secrets) */
        get: {
            parameters: {
                query?: {
                    /** @description 1–100, default 25 */
                    limit?: string;
                    /** @description nextCursor of the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                kind: "admin" | "product" | "license";
                                name: string | null;
                                productId: string | null;
                                licenseId: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                expiresAt: string | null;
                                /** Format: date-time */
                                revokedAt: string | null;
                                /** @description read: GET requests only (others answer 403 TOKEN_READ_ONLY); write: all */
                                scope: "read" | "write";
                                /** Format: date-time */
                                lastUsedAt: string | null;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a token; the response holds its secret, shown only this once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        kind: "admin" | "product";
                        name?: string;
                        productId?: string;
                        /** Format: date-time */
                        expiresAt?: string;
                        /** @description read: GET requests only (others answer 403 TOKEN_READ_ONLY); write: all */
                        scope?: "read" | "write";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                kind: "admin" | "product" | "license";
                                name: string | null;
                                productId: string | null;
                                licenseId: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                expiresAt: string | null;
                                /** Format: date-time */
                                revokedAt: string | null;
                                /** @description read: GET requests only (others answer 403 TOKEN_READ_ONLY); write: all */
                                scope: "read" | "write";
                                /** Format: date-time */
                                lastUsedAt: string | null;
                                token: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/licenses/{id}/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a license token: it may read that license and its machines, nothing else. The response holds its secret, shown only this once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        name?: string;
                        /** Format: date-time */
                        expiresAt?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                kind: "admin" | "product" | "license";
                                name: string | null;
                                productId: string | null;
                                licenseId: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                expiresAt: string | null;
                                /** Format: date-time */
                                revokedAt: string | null;
                                /** @description read: GET requests only (others answer 403 TOKEN_READ_ONLY); write: all */
                                scope: "read" | "write";
                                /** Format: date-time */
                                lastUsedAt: string | null;
                                token: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a token */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                kind: "admin" | "product" | "license";
                                name: string | null;
                                productId: string | null;
                                licenseId: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                expiresAt: string | null;
                                /** Format: date-time */
                                revokedAt: string | null;
                                /** @description read: GET requests only (others answer 403 TOKEN_READ_ONLY); write: all */
                                scope: "read" | "write";
                                /** Format: date-time */
                                lastUsedAt: string | null;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Revoke a token (it answers 401 from then on) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                kind: "admin" | "product" | "license";
                                name: string | null;
                                productId: string | null;
                                licenseId: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                expiresAt: string | null;
                                /** Format: date-time */
                                revokedAt: string | null;
                                /** @description read: GET requests only (others answer 403 TOKEN_READ_ONLY); write: all */
                                scope: "read" | "write";
                                /** Format: date-time */
                                lastUsedAt: string | null;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List products */
        get: {
            parameters: {
                query?: {
                    /** @description 1–100, default 25 */
                    limit?: string;
                    /** @description nextCursor of the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                name: string;
                                code: string | null;
                                platforms: string[];
                                appIdentifiers: string[];
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a product */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        code?: string | null;
                        platforms?: string[];
                        appIdentifiers?: string[];
                        /** @description free-form JSON object */
                        metadata?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                name: string;
                                code: string | null;
                                platforms: string[];
                                appIdentifiers: string[];
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/products/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a product */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                name: string;
                                code: string | null;
                                platforms: string[];
                                appIdentifiers: string[];
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a product and its revoked or expired tokens (409 PRODUCT_HAS_TOKENS while a token of it still works; 409 CONFLICT while policies or licenses refer to it) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Update a product */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        name?: string;
                        code?: string | null;
                        platforms?: string[];
                        appIdentifiers?: string[];
                        /** @description free-form JSON object */
                        metadata?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                name: string;
                                code: string | null;
                                platforms: string[];
                                appIdentifiers: string[];
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List users */
        get: {
            parameters: {
                query?: {
                    /** @description 1–100, default 25 */
                    limit?: string;
                    /** @description nextCursor of the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                email: string;
                                username: string | null;
                                name: string | null;
                                hasPassword: boolean;
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a user (email and username unique per organization, case-insensitive) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        username?: string | null;
                        name?: string | null;
                        /** @description write-only; stored as a scrypt hash */
                        password?: string | null;
                        /** @description free-form JSON object */
                        metadata?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                email: string;
                                username: string | null;
                                name: string | null;
                                hasPassword: boolean;
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a user */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                email: string;
                                username: string | null;
                                name: string | null;
                                hasPassword: boolean;
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a user (409 while licenses name the user) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Update a user (password: null removes it) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email?: string;
                        username?: string | null;
                        name?: string | null;
                        /** @description write-only; stored as a scrypt hash */
                        password?: string | null;
                        /** @description free-form JSON object */
                        metadata?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                email: string;
                                username: string | null;
                                name: string | null;
                                hasPassword: boolean;
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/handshake-codes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List handshake codes */
        get: {
            parameters: {
                query?: {
                    /** @description 1–100, default 25 */
                    limit?: string;
                    /** @description nextCursor of the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                code: string;
                                name: string | null;
                                isDefault: boolean;
                                hasSessionPassword: boolean;
                                /** @description SPEC T5: clients must send a listed value; an empty list allows any */
                                validationFields: {
                                    domains: string[];
                                    processNames: string[];
                                    appIdentifiers: string[];
                                };
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a handshake code (the organization's first becomes its default) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @description generated (16 Crockford base32 characters in groups of four) when absent */
                        code?: string;
                        name?: string | null;
                        /** @description write-only; stored as a scrypt hash (SPEC T4) */
                        sessionPassword?: string | null;
                        isDefault?: boolean;
                        validationFields?: {
                            domains?: string[];
                            processNames?: string[];
                            appIdentifiers?: string[];
                        };
                        /** @description free-form JSON object */
                        metadata?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                code: string;
                                name: string | null;
                                isDefault: boolean;
                                hasSessionPassword: boolean;
                                /** @description SPEC T5: clients must send a listed value; an empty list allows any */
                                validationFields: {
                                    domains: string[];
                                    processNames: string[];
                                    appIdentifiers: string[];
                                };
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/handshake-codes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a handshake code */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                code: string;
                                name: string | null;
                                isDefault: boolean;
                                hasSessionPassword: boolean;
                                /** @description SPEC T5: clients must send a listed value; an empty list allows any */
                                validationFields: {
                                    domains: string[];
                                    processNames: string[];
                                    appIdentifiers: string[];
                                };
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a handshake code (409 for the default while other codes exist) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Update a handshake code (isDefault: true replaces the old default; sessionPassword: null removes it) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        name?: string | null;
                        /** @description write-only; stored as a scrypt hash (SPEC T4) */
                        sessionPassword?: string | null;
                        isDefault?: boolean;
                        validationFields?: {
                            domains?: string[];
                            processNames?: string[];
                            appIdentifiers?: string[];
                        };
                        /** @description free-form JSON object */
                        metadata?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                code: string;
                                name: string | null;
                                isDefault: boolean;
                                hasSessionPassword: boolean;
                                /** @description SPEC T5: clients must send a listed value; an empty list allows any */
                                validationFields: {
                                    domains: string[];
                                    processNames: string[];
                                    appIdentifiers: string[];
                                };
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List policies, optionally of one product */
        get: {
            parameters: {
                query?: {
                    /** @description 1–100, default 25 */
                    limit?: string;
                    /** @description nextCursor of the previous page */
                    cursor?: string;
                    productId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                productId: string;
                                name: string;
                                /** @enum {string} */
                                model: "perpetual" | "timed" | "subscription" | "trial" | "consumption";
                                /** @description seconds */
                                durationSeconds: number | null;
                                floating: boolean;
                                maxMachines: number | null;
                                maxUses: number | null;
                                overage: {
                                    /** @enum {string} */
                                    strategy: "none" | "percent" | "count";
                                    /** @description percent: 1–1000; count: units; none: 0 */
                                    allowance: number;
                                };
                                heartbeat: {
                                    required: boolean;
                                    /** @description seconds */
                                    durationSeconds: number | null;
                                    /** @enum {string} */
                                    cullStrategy: "deactivate" | "keep";
                                };
                                /** @description seconds */
                                leaseDurationSeconds: number;
                                /** @description seconds, 3 to 365 days (T9) */
                                offlineGraceSeconds: number;
                                /**
                                 * @description key scheme; null issues plain-text keys
                                 * @enum {string|null}
                                 */
                                scheme: "ED25519_SIGN" | "RSA_2048_PKCS1_PSS_SIGN_V2" | "RSA_2048_PKCS1_SIGN_V2" | "RSA_2048_PKCS1_ENCRYPT" | "RSA_2048_JWT_RS256" | "RSA_2048_PKCS1_PSS_SIGN" | "RSA_2048_PKCS1_SIGN" | null;
                                /** @enum {string} */
                                expirationStrategy: "restrict" | "revoke" | "maintain" | "allow";
                                /** @enum {string} */
                                expirationBasis: "creation" | "first_activation" | "first_validation";
                                /** @description a license must check in this often or validate OVERDUE; null: never */
                                checkInIntervalSeconds: number | null;
                                /** @description oldest app version covered, dotted numbers ("2.0"); null: any */
                                minVersion: string | null;
                                /** @description newest app version covered ("2.99"); null: any */
                                maxVersion: string | null;
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a policy for a product */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        productId: string;
                        name: string;
                        /** @enum {string} */
                        model?: "perpetual" | "timed" | "subscription" | "trial" | "consumption";
                        /** @description seconds */
                        durationSeconds?: number | null;
                        floating?: boolean;
                        maxMachines?: number | null;
                        maxUses?: number | null;
                        overage?: {
                            /** @enum {string} */
                            strategy?: "none" | "percent" | "count";
                            /** @description percent: 1–1000; count: units; none: 0 */
                            allowance?: number;
                        };
                        heartbeat?: {
                            required?: boolean;
                            /** @description seconds */
                            durationSeconds?: number | null;
                            /** @enum {string} */
                            cullStrategy?: "deactivate" | "keep";
                        };
                        /** @description seconds */
                        leaseDurationSeconds?: number;
                        /** @description seconds, 3 to 365 days (T9) */
                        offlineGraceSeconds?: number;
                        /**
                         * @description key scheme; null issues plain-text keys
                         * @enum {string|null}
                         */
                        scheme?: "ED25519_SIGN" | "RSA_2048_PKCS1_PSS_SIGN_V2" | "RSA_2048_PKCS1_SIGN_V2" | "RSA_2048_PKCS1_ENCRYPT" | "RSA_2048_JWT_RS256" | "RSA_2048_PKCS1_PSS_SIGN" | "RSA_2048_PKCS1_SIGN" | null;
                        /** @enum {string} */
                        expirationStrategy?: "restrict" | "revoke" | "maintain" | "allow";
                        /** @enum {string} */
                        expirationBasis?: "creation" | "first_activation" | "first_validation";
                        /** @description a license must check in this often or validate OVERDUE; null: never */
                        checkInIntervalSeconds?: number | null;
                        /** @description oldest app version covered, dotted numbers ("2.0"); null: any */
                        minVersion?: string | null;
                        /** @description newest app version covered ("2.99"); null: any */
                        maxVersion?: string | null;
                        /** @description free-form JSON object */
                        metadata?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                productId: string;
                                name: string;
                                /** @enum {string} */
                                model: "perpetual" | "timed" | "subscription" | "trial" | "consumption";
                                /** @description seconds */
                                durationSeconds: number | null;
                                floating: boolean;
                                maxMachines: number | null;
                                maxUses: number | null;
                                overage: {
                                    /** @enum {string} */
                                    strategy: "none" | "percent" | "count";
                                    /** @description percent: 1–1000; count: units; none: 0 */
                                    allowance: number;
                                };
                                heartbeat: {
                                    required: boolean;
                                    /** @description seconds */
                                    durationSeconds: number | null;
                                    /** @enum {string} */
                                    cullStrategy: "deactivate" | "keep";
                                };
                                /** @description seconds */
                                leaseDurationSeconds: number;
                                /** @description seconds, 3 to 365 days (T9) */
                                offlineGraceSeconds: number;
                                /**
                                 * @description key scheme; null issues plain-text keys
                                 * @enum {string|null}
                                 */
                                scheme: "ED25519_SIGN" | "RSA_2048_PKCS1_PSS_SIGN_V2" | "RSA_2048_PKCS1_SIGN_V2" | "RSA_2048_PKCS1_ENCRYPT" | "RSA_2048_JWT_RS256" | "RSA_2048_PKCS1_PSS_SIGN" | "RSA_2048_PKCS1_SIGN" | null;
                                /** @enum {string} */
                                expirationStrategy: "restrict" | "revoke" | "maintain" | "allow";
                                /** @enum {string} */
                                expirationBasis: "creation" | "first_activation" | "first_validation";
                                /** @description a license must check in this often or validate OVERDUE; null: never */
                                checkInIntervalSeconds: number | null;
                                /** @description oldest app version covered, dotted numbers ("2.0"); null: any */
                                minVersion: string | null;
                                /** @description newest app version covered ("2.99"); null: any */
                                maxVersion: string | null;
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a policy */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                productId: string;
                                name: string;
                                /** @enum {string} */
                                model: "perpetual" | "timed" | "subscription" | "trial" | "consumption";
                                /** @description seconds */
                                durationSeconds: number | null;
                                floating: boolean;
                                maxMachines: number | null;
                                maxUses: number | null;
                                overage: {
                                    /** @enum {string} */
                                    strategy: "none" | "percent" | "count";
                                    /** @description percent: 1–1000; count: units; none: 0 */
                                    allowance: number;
                                };
                                heartbeat: {
                                    required: boolean;
                                    /** @description seconds */
                                    durationSeconds: number | null;
                                    /** @enum {string} */
                                    cullStrategy: "deactivate" | "keep";
                                };
                                /** @description seconds */
                                leaseDurationSeconds: number;
                                /** @description seconds, 3 to 365 days (T9) */
                                offlineGraceSeconds: number;
                                /**
                                 * @description key scheme; null issues plain-text keys
                                 * @enum {string|null}
                                 */
                                scheme: "ED25519_SIGN" | "RSA_2048_PKCS1_PSS_SIGN_V2" | "RSA_2048_PKCS1_SIGN_V2" | "RSA_2048_PKCS1_ENCRYPT" | "RSA_2048_JWT_RS256" | "RSA_2048_PKCS1_PSS_SIGN" | "RSA_2048_PKCS1_SIGN" | null;
                                /** @enum {string} */
                                expirationStrategy: "restrict" | "revoke" | "maintain" | "allow";
                                /** @enum {string} */
                                expirationBasis: "creation" | "first_activation" | "first_validation";
                                /** @description a license must check in this often or validate OVERDUE; null: never */
                                checkInIntervalSeconds: number | null;
                                /** @description oldest app version covered, dotted numbers ("2.0"); null: any */
                                minVersion: string | null;
                                /** @description newest app version covered ("2.99"); null: any */
                                maxVersion: string | null;
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a policy (409 while licenses use it) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Update a policy (rules are merged, then checked as a whole) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        name?: string;
                        /** @enum {string} */
                        model?: "perpetual" | "timed" | "subscription" | "trial" | "consumption";
                        /** @description seconds */
                        durationSeconds?: number | null;
                        floating?: boolean;
                        maxMachines?: number | null;
                        maxUses?: number | null;
                        overage?: {
                            /** @enum {string} */
                            strategy?: "none" | "percent" | "count";
                            /** @description percent: 1–1000; count: units; none: 0 */
                            allowance?: number;
                        };
                        heartbeat?: {
                            required?: boolean;
                            /** @description seconds */
                            durationSeconds?: number | null;
                            /** @enum {string} */
                            cullStrategy?: "deactivate" | "keep";
                        };
                        /** @description seconds */
                        leaseDurationSeconds?: number;
                        /** @description seconds, 3 to 365 days (T9) */
                        offlineGraceSeconds?: number;
                        /**
                         * @description key scheme; null issues plain-text keys
                         * @enum {string|null}
                         */
                        scheme?: "ED25519_SIGN" | "RSA_2048_PKCS1_PSS_SIGN_V2" | "RSA_2048_PKCS1_SIGN_V2" | "RSA_2048_PKCS1_ENCRYPT" | "RSA_2048_JWT_RS256" | "RSA_2048_PKCS1_PSS_SIGN" | "RSA_2048_PKCS1_SIGN" | null;
                        /** @enum {string} */
                        expirationStrategy?: "restrict" | "revoke" | "maintain" | "allow";
                        /** @enum {string} */
                        expirationBasis?: "creation" | "first_activation" | "first_validation";
                        /** @description a license must check in this often or validate OVERDUE; null: never */
                        checkInIntervalSeconds?: number | null;
                        /** @description oldest app version covered, dotted numbers ("2.0"); null: any */
                        minVersion?: string | null;
                        /** @description newest app version covered ("2.99"); null: any */
                        maxVersion?: string | null;
                        /** @description free-form JSON object */
                        metadata?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                productId: string;
                                name: string;
                                /** @enum {string} */
                                model: "perpetual" | "timed" | "subscription" | "trial" | "consumption";
                                /** @description seconds */
                                durationSeconds: number | null;
                                floating: boolean;
                                maxMachines: number | null;
                                maxUses: number | null;
                                overage: {
                                    /** @enum {string} */
                                    strategy: "none" | "percent" | "count";
                                    /** @description percent: 1–1000; count: units; none: 0 */
                                    allowance: number;
                                };
                                heartbeat: {
                                    required: boolean;
                                    /** @description seconds */
                                    durationSeconds: number | null;
                                    /** @enum {string} */
                                    cullStrategy: "deactivate" | "keep";
                                };
                                /** @description seconds */
                                leaseDurationSeconds: number;
                                /** @description seconds, 3 to 365 days (T9) */
                                offlineGraceSeconds: number;
                                /**
                                 * @description key scheme; null issues plain-text keys
                                 * @enum {string|null}
                                 */
                                scheme: "ED25519_SIGN" | "RSA_2048_PKCS1_PSS_SIGN_V2" | "RSA_2048_PKCS1_SIGN_V2" | "RSA_2048_PKCS1_ENCRYPT" | "RSA_2048_JWT_RS256" | "RSA_2048_PKCS1_PSS_SIGN" | "RSA_2048_PKCS1_SIGN" | null;
                                /** @enum {string} */
                                expirationStrategy: "restrict" | "revoke" | "maintain" | "allow";
                                /** @enum {string} */
                                expirationBasis: "creation" | "first_activation" | "first_validation";
                                /** @description a license must check in this often or validate OVERDUE; null: never */
                                checkInIntervalSeconds: number | null;
                                /** @description oldest app version covered, dotted numbers ("2.0"); null: any */
                                minVersion: string | null;
                                /** @description newest app version covered ("2.99"); null: any */
                                maxVersion: string | null;
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/policies/{id}/entitlements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Entitlements attached to a policy */
        get: {
            parameters: {
                query?: {
                    /** @description 1–100, default 25 */
                    limit?: string;
                    /** @description nextCursor of the previous page */
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                code: string;
                                name: string;
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Attach entitlements to a policy (already attached ones are kept) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        entitlementIds: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        /** Detach entitlements from a policy (ones not attached are ignored) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        entitlementIds: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/licenses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List licenses, filtered by product, policy or status */
        get: {
            parameters: {
                query?: {
                    /** @description 1–100, default 25 */
                    limit?: string;
                    /** @description nextCursor of the previous page */
                    cursor?: string;
                    productId?: string;
                    policyId?: string;
                    status?: "active" | "suspended" | "expired" | "revoked";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                productId: string;
                                policyId: string;
                                userId: string | null;
                                name: string | null;
                                /** @description the license key (plain text or cryptographic) */
                                key: string;
                                /** @enum {string} */
                                status: "active" | "suspended" | "expired" | "revoked";
                                suspended: boolean;
                                /** Format: date-time */
                                expiresAt: string | null;
                                /** Format: date-time */
                                revokedAt: string | null;
                                uses: number;
                                /** Format: date-time */
                                firstActivatedAt: string | null;
                                /** Format: date-time */
                                firstValidatedAt: string | null;
                                /** Format: date-time */
                                lastCheckInAt: string | null;
                                /** @description the handshake code devices reach this license through (trackable licenses) */
                                handshakeCodeId: string | null;
                                /** @description per-license changes to the policy's limits */
                                overrides: {
                                    maxMachines?: number | null;
                                    maxUses?: number | null;
                                    overage?: {
                                        /** @enum {string} */
                                        strategy?: "none" | "percent" | "count";
                                        allowance?: number;
                                    };
                                    heartbeatDurationSeconds?: number | null;
                                    leaseDurationSeconds?: number;
                                    offlineGraceSeconds?: number;
                                };
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a license; its key is generated per the policy's scheme */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description optional: the policy names the product; when given and not the policy's, 422 POLICY_PRODUCT_MISMATCH */
                        productId?: string;
                        policyId: string;
                        userId?: string | null;
                        /**
                         * Format: date-time
                         * @description the expiry instead of the policy's (null: none for now); a policy whose clock starts at the first activation or validation starts it only on a license without one
                         */
                        expiresAt?: string | null;
                        name?: string | null;
                        /** @description plain-text policies: the key itself (8–255 characters); cryptographic policies: the dataset template with {{id}}, {{expiry}}… — generated / the scheme's default if absent */
                        key?: string;
                        /** @description per-license changes to the policy's limits */
                        overrides?: {
                            maxMachines?: number | null;
                            maxUses?: number | null;
                            overage?: {
                                /** @enum {string} */
                                strategy?: "none" | "percent" | "count";
                                allowance?: number;
                            };
                            heartbeatDurationSeconds?: number | null;
                            leaseDurationSeconds?: number;
                            offlineGraceSeconds?: number;
                        };
                        /** @description free-form JSON object */
                        metadata?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                productId: string;
                                policyId: string;
                                userId: string | null;
                                name: string | null;
                                /** @description the license key (plain text or cryptographic) */
                                key: string;
                                /** @enum {string} */
                                status: "active" | "suspended" | "expired" | "revoked";
                                suspended: boolean;
                                /** Format: date-time */
                                expiresAt: string | null;
                                /** Format: date-time */
                                revokedAt: string | null;
                                uses: number;
                                /** Format: date-time */
                                firstActivatedAt: string | null;
                                /** Format: date-time */
                                firstValidatedAt: string | null;
                                /** Format: date-time */
                                lastCheckInAt: string | null;
                                /** @description the handshake code devices reach this license through (trackable licenses) */
                                handshakeCodeId: string | null;
                                /** @description per-license changes to the policy's limits */
                                overrides: {
                                    maxMachines?: number | null;
                                    maxUses?: number | null;
                                    overage?: {
                                        /** @enum {string} */
                                        strategy?: "none" | "percent" | "count";
                                        allowance?: number;
                                    };
                                    heartbeatDurationSeconds?: number | null;
                                    leaseDurationSeconds?: number;
                                    offlineGraceSeconds?: number;
                                };
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description POLICY_NOT_FOUND, USER_NOT_FOUND (not a user of the organization) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description POLICY_PRODUCT_MISMATCH: productId is not the policy's product, or IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/licenses/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a license */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                productId: string;
                                policyId: string;
                                userId: string | null;
                                name: string | null;
                                /** @description the license key (plain text or cryptographic) */
                                key: string;
                                /** @enum {string} */
                                status: "active" | "suspended" | "expired" | "revoked";
                                suspended: boolean;
                                /** Format: date-time */
                                expiresAt: string | null;
                                /** Format: date-time */
                                revokedAt: string | null;
                                uses: number;
                                /** Format: date-time */
                                firstActivatedAt: string | null;
                                /** Format: date-time */
                                firstValidatedAt: string | null;
                                /** Format: date-time */
                                lastCheckInAt: string | null;
                                /** @description the handshake code devices reach this license through (trackable licenses) */
                                handshakeCodeId: string | null;
                                /** @description per-license changes to the policy's limits */
                                overrides: {
                                    maxMachines?: number | null;
                                    maxUses?: number | null;
                                    overage?: {
                                        /** @enum {string} */
                                        strategy?: "none" | "percent" | "count";
                                        allowance?: number;
                                    };
                                    heartbeatDurationSeconds?: number | null;
                                    leaseDurationSeconds?: number;
                                    offlineGraceSeconds?: number;
                                };
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a license */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Update a license's name, user, overrides, metadata or expiry */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        name?: string | null;
                        userId?: string | null;
                        /** @description per-license changes to the policy's limits */
                        overrides?: {
                            maxMachines?: number | null;
                            maxUses?: number | null;
                            overage?: {
                                /** @enum {string} */
                                strategy?: "none" | "percent" | "count";
                                allowance?: number;
                            };
                            heartbeatDurationSeconds?: number | null;
                            leaseDurationSeconds?: number;
                            offlineGraceSeconds?: number;
                        };
                        /** @description free-form JSON object */
                        metadata?: {
                            [key: string]: unknown;
                        };
                        /** Format: date-time */
                        expiresAt?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                productId: string;
                                policyId: string;
                                userId: string | null;
                                name: string | null;
                                /** @description the license key (plain text or cryptographic) */
                                key: string;
                                /** @enum {string} */
                                status: "active" | "suspended" | "expired" | "revoked";
                                suspended: boolean;
                                /** Format: date-time */
                                expiresAt: string | null;
                                /** Format: date-time */
                                revokedAt: string | null;
                                uses: number;
                                /** Format: date-time */
                                firstActivatedAt: string | null;
                                /** Format: date-time */
                                firstValidatedAt: string | null;
                                /** Format: date-time */
                                lastCheckInAt: string | null;
                                /** @description the handshake code devices reach this license through (trackable licenses) */
                                handshakeCodeId: string | null;
                                /** @description per-license changes to the policy's limits */
                                overrides: {
                                    maxMachines?: number | null;
                                    maxUses?: number | null;
                                    overage?: {
                                        /** @enum {string} */
                                        strategy?: "none" | "percent" | "count";
                                        allowance?: number;
                                    };
                                    heartbeatDurationSeconds?: number | null;
                                    leaseDurationSeconds?: number;
                                    offlineGraceSeconds?: number;
                                };
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/licenses/{id}/actions/suspend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Suspend a license (idempotent) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                productId: string;
                                policyId: string;
                                userId: string | null;
                                name: string | null;
                                /** @description the license key (plain text or cryptographic) */
                                key: string;
                                /** @enum {string} */
                                status: "active" | "suspended" | "expired" | "revoked";
                                suspended: boolean;
                                /** Format: date-time */
                                expiresAt: string | null;
                                /** Format: date-time */
                                revokedAt: string | null;
                                uses: number;
                                /** Format: date-time */
                                firstActivatedAt: string | null;
                                /** Format: date-time */
                                firstValidatedAt: string | null;
                                /** Format: date-time */
                                lastCheckInAt: string | null;
                                /** @description the handshake code devices reach this license through (trackable licenses) */
                                handshakeCodeId: string | null;
                                /** @description per-license changes to the policy's limits */
                                overrides: {
                                    maxMachines?: number | null;
                                    maxUses?: number | null;
                                    overage?: {
                                        /** @enum {string} */
                                        strategy?: "none" | "percent" | "count";
                                        allowance?: number;
                                    };
                                    heartbeatDurationSeconds?: number | null;
                                    leaseDurationSeconds?: number;
                                    offlineGraceSeconds?: number;
                                };
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/licenses/{id}/actions/reinstate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Lift a suspension (idempotent) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                productId: string;
                                policyId: string;
                                userId: string | null;
                                name: string | null;
                                /** @description the license key (plain text or cryptographic) */
                                key: string;
                                /** @enum {string} */
                                status: "active" | "suspended" | "expired" | "revoked";
                                suspended: boolean;
                                /** Format: date-time */
                                expiresAt: string | null;
                                /** Format: date-time */
                                revokedAt: string | null;
                                uses: number;
                                /** Format: date-time */
                                firstActivatedAt: string | null;
                                /** Format: date-time */
                                firstValidatedAt: string | null;
                                /** Format: date-time */
                                lastCheckInAt: string | null;
                                /** @description the handshake code devices reach this license through (trackable licenses) */
                                handshakeCodeId: string | null;
                                /** @description per-license changes to the policy's limits */
                                overrides: {
                                    maxMachines?: number | null;
                                    maxUses?: number | null;
                                    overage?: {
                                        /** @enum {string} */
                                        strategy?: "none" | "percent" | "count";
                                        allowance?: number;
                                    };
                                    heartbeatDurationSeconds?: number | null;
                                    leaseDurationSeconds?: number;
                                    offlineGraceSeconds?: number;
                                };
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/licenses/{id}/actions/renew": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Extend the expiry by the policy's duration from the later of now and expiry */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                productId: string;
                                policyId: string;
                                userId: string | null;
                                name: string | null;
                                /** @description the license key (plain text or cryptographic) */
                                key: string;
                                /** @enum {string} */
                                status: "active" | "suspended" | "expired" | "revoked";
                                suspended: boolean;
                                /** Format: date-time */
                                expiresAt: string | null;
                                /** Format: date-time */
                                revokedAt: string | null;
                                uses: number;
                                /** Format: date-time */
                                firstActivatedAt: string | null;
                                /** Format: date-time */
                                firstValidatedAt: string | null;
                                /** Format: date-time */
                                lastCheckInAt: string | null;
                                /** @description the handshake code devices reach this license through (trackable licenses) */
                                handshakeCodeId: string | null;
                                /** @description per-license changes to the policy's limits */
                                overrides: {
                                    maxMachines?: number | null;
                                    maxUses?: number | null;
                                    overage?: {
                                        /** @enum {string} */
                                        strategy?: "none" | "percent" | "count";
                                        allowance?: number;
                                    };
                                    heartbeatDurationSeconds?: number | null;
                                    leaseDurationSeconds?: number;
                                    offlineGraceSeconds?: number;
                                };
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/licenses/{id}/actions/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke a license for good (terminal) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                productId: string;
                                policyId: string;
                                userId: string | null;
                                name: string | null;
                                /** @description the license key (plain text or cryptographic) */
                                key: string;
                                /** @enum {string} */
                                status: "active" | "suspended" | "expired" | "revoked";
                                suspended: boolean;
                                /** Format: date-time */
                                expiresAt: string | null;
                                /** Format: date-time */
                                revokedAt: string | null;
                                uses: number;
                                /** Format: date-time */
                                firstActivatedAt: string | null;
                                /** Format: date-time */
                                firstValidatedAt: string | null;
                                /** Format: date-time */
                                lastCheckInAt: string | null;
                                /** @description the handshake code devices reach this license through (trackable licenses) */
                                handshakeCodeId: string | null;
                                /** @description per-license changes to the policy's limits */
                                overrides: {
                                    maxMachines?: number | null;
                                    maxUses?: number | null;
                                    overage?: {
                                        /** @enum {string} */
                                        strategy?: "none" | "percent" | "count";
                                        allowance?: number;
                                    };
                                    heartbeatDurationSeconds?: number | null;
                                    leaseDurationSeconds?: number;
                                    offlineGraceSeconds?: number;
                                };
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/licenses/{id}/entitlements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Entitlements attached to a license */
        get: {
            parameters: {
                query?: {
                    /** @description 1–100, default 25 */
                    limit?: string;
                    /** @description nextCursor of the previous page */
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                code: string;
                                name: string;
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Attach entitlements to a license (already attached ones are kept) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        entitlementIds: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        /** Detach entitlements from a license (ones not attached are ignored) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        entitlementIds: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/entitlements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List entitlements */
        get: {
            parameters: {
                query?: {
                    /** @description 1–100, default 25 */
                    limit?: string;
                    /** @description nextCursor of the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                code: string;
                                name: string;
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an entitlement (code unique in the organization) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        name: string;
                        /** @description free-form JSON object */
                        metadata?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                code: string;
                                name: string;
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/entitlements/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an entitlement */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                code: string;
                                name: string;
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete an entitlement, detaching it from every policy and license */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Update an entitlement */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        code?: string;
                        name?: string;
                        /** @description free-form JSON object */
                        metadata?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                code: string;
                                name: string;
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/machines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List machines, filtered by license, product or fingerprint */
        get: {
            parameters: {
                query?: {
                    /** @description 1–100, default 25 */
                    limit?: string;
                    /** @description nextCursor of the previous page */
                    cursor?: string;
                    licenseId?: string;
                    productId?: string;
                    fingerprint?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                licenseId: string;
                                /** @description the SDK's device UUID or a hardware fingerprint */
                                fingerprint: string;
                                name: string | null;
                                platform: string | null;
                                osVersion: string | null;
                                appIdentifier: string | null;
                                appVersion: string | null;
                                /** @description device variables (SPEC L6): a JSON object */
                                variables: {
                                    [key: string]: unknown;
                                };
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                lastHeartbeatAt: string | null;
                                /**
                                 * Format: date-time
                                 * @description the machine counts as dead after this without a heartbeat; null: none needed
                                 */
                                heartbeatDeadlineAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Activate a device on a license (201 new, 200 when already activated) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            /** @description licenseId may be left out with a license token or key (it is theirs) */
            requestBody: {
                content: {
                    "application/json": {
                        licenseId?: string;
                        fingerprint: string;
                        name?: string | null;
                        platform?: string | null;
                        osVersion?: string | null;
                        appIdentifier?: string | null;
                        appVersion?: string | null;
                        /** @description device variables (SPEC L6): a JSON object */
                        variables?: {
                            [key: string]: unknown;
                        };
                        /** @description free-form JSON object */
                        metadata?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                licenseId: string;
                                /** @description the SDK's device UUID or a hardware fingerprint */
                                fingerprint: string;
                                name: string | null;
                                platform: string | null;
                                osVersion: string | null;
                                appIdentifier: string | null;
                                appVersion: string | null;
                                /** @description device variables (SPEC L6): a JSON object */
                                variables: {
                                    [key: string]: unknown;
                                };
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                lastHeartbeatAt: string | null;
                                /**
                                 * Format: date-time
                                 * @description the machine counts as dead after this without a heartbeat; null: none needed
                                 */
                                heartbeatDeadlineAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                licenseId: string;
                                /** @description the SDK's device UUID or a hardware fingerprint */
                                fingerprint: string;
                                name: string | null;
                                platform: string | null;
                                osVersion: string | null;
                                appIdentifier: string | null;
                                appVersion: string | null;
                                /** @description device variables (SPEC L6): a JSON object */
                                variables: {
                                    [key: string]: unknown;
                                };
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                lastHeartbeatAt: string | null;
                                /**
                                 * Format: date-time
                                 * @description the machine counts as dead after this without a heartbeat; null: none needed
                                 */
                                heartbeatDeadlineAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/machines/{id}/actions/heartbeat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Heartbeat: keeps a machine of a heartbeat policy alive (SPEC X4) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                licenseId: string;
                                /** @description the SDK's device UUID or a hardware fingerprint */
                                fingerprint: string;
                                name: string | null;
                                platform: string | null;
                                osVersion: string | null;
                                appIdentifier: string | null;
                                appVersion: string | null;
                                /** @description device variables (SPEC L6): a JSON object */
                                variables: {
                                    [key: string]: unknown;
                                };
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                lastHeartbeatAt: string | null;
                                /**
                                 * Format: date-time
                                 * @description the machine counts as dead after this without a heartbeat; null: none needed
                                 */
                                heartbeatDeadlineAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/machines/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a machine */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                licenseId: string;
                                /** @description the SDK's device UUID or a hardware fingerprint */
                                fingerprint: string;
                                name: string | null;
                                platform: string | null;
                                osVersion: string | null;
                                appIdentifier: string | null;
                                appVersion: string | null;
                                /** @description device variables (SPEC L6): a JSON object */
                                variables: {
                                    [key: string]: unknown;
                                };
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                lastHeartbeatAt: string | null;
                                /**
                                 * Format: date-time
                                 * @description the machine counts as dead after this without a heartbeat; null: none needed
                                 */
                                heartbeatDeadlineAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Deactivate a machine (vendor, or license holder: SPEC X6): its seat is free again */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Update a machine's name, metadata or variables */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        name?: string | null;
                        /** @description free-form JSON object */
                        metadata?: {
                            [key: string]: unknown;
                        };
                        /** @description device variables (SPEC L6): a JSON object */
                        variables?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                licenseId: string;
                                /** @description the SDK's device UUID or a hardware fingerprint */
                                fingerprint: string;
                                name: string | null;
                                platform: string | null;
                                osVersion: string | null;
                                appIdentifier: string | null;
                                appVersion: string | null;
                                /** @description device variables (SPEC L6): a JSON object */
                                variables: {
                                    [key: string]: unknown;
                                };
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                lastHeartbeatAt: string | null;
                                /**
                                 * Format: date-time
                                 * @description the machine counts as dead after this without a heartbeat; null: none needed
                                 */
                                heartbeatDeadlineAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/licenses/{id}/actions/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Validate a license by id, optionally scoped to a device and app */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @description what the client states about where it runs (SPEC R1); absent: not checked */
                        scope?: {
                            /** @description the SDK's device UUID or a hardware fingerprint */
                            fingerprint?: string;
                            productId?: string;
                            platform?: string;
                            appIdentifier?: string;
                            appVersion?: string;
                            entitlements?: string[];
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            valid: boolean;
                            /** @enum {string} */
                            code: "VALID" | "NOT_FOUND" | "SUSPENDED" | "EXPIRED" | "OVERDUE" | "LOCKED" | "NO_MACHINE" | "NO_MACHINES" | "FINGERPRINT_SCOPE_MISMATCH" | "TOO_MANY_MACHINES" | "HEARTBEAT_NOT_STARTED" | "HEARTBEAT_DEAD" | "PRODUCT_SCOPE_MISMATCH" | "PLATFORM_NOT_ALLOWED" | "APP_IDENTIFIER_NOT_ALLOWED" | "VERSION_NOT_ALLOWED" | "ENTITLEMENTS_MISSING" | "QUOTA_EXCEEDED";
                            detail: string;
                            license: {
                                id: string;
                                productId: string;
                                policyId: string;
                                userId: string | null;
                                name: string | null;
                                /** @description the license key (plain text or cryptographic) */
                                key: string;
                                /** @enum {string} */
                                status: "active" | "suspended" | "expired" | "revoked";
                                suspended: boolean;
                                /** Format: date-time */
                                expiresAt: string | null;
                                /** Format: date-time */
                                revokedAt: string | null;
                                uses: number;
                                /** Format: date-time */
                                firstActivatedAt: string | null;
                                /** Format: date-time */
                                firstValidatedAt: string | null;
                                /** Format: date-time */
                                lastCheckInAt: string | null;
                                /** @description the handshake code devices reach this license through (trackable licenses) */
                                handshakeCodeId: string | null;
                                /** @description per-license changes to the policy's limits */
                                overrides: {
                                    maxMachines?: number | null;
                                    maxUses?: number | null;
                                    overage?: {
                                        /** @enum {string} */
                                        strategy?: "none" | "percent" | "count";
                                        allowance?: number;
                                    };
                                    heartbeatDurationSeconds?: number | null;
                                    leaseDurationSeconds?: number;
                                    offlineGraceSeconds?: number;
                                };
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            } | null;
                            machine: {
                                id: string;
                                licenseId: string;
                                /** @description the SDK's device UUID or a hardware fingerprint */
                                fingerprint: string;
                                name: string | null;
                                platform: string | null;
                                osVersion: string | null;
                                appIdentifier: string | null;
                                appVersion: string | null;
                                /** @description device variables (SPEC L6): a JSON object */
                                variables: {
                                    [key: string]: unknown;
                                };
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                lastHeartbeatAt: string | null;
                                /**
                                 * Format: date-time
                                 * @description the machine counts as dead after this without a heartbeat; null: none needed
                                 */
                                heartbeatDeadlineAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/licenses/{id}/actions/check-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check in: restarts the policy's check-in interval (see OVERDUE) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                productId: string;
                                policyId: string;
                                userId: string | null;
                                name: string | null;
                                /** @description the license key (plain text or cryptographic) */
                                key: string;
                                /** @enum {string} */
                                status: "active" | "suspended" | "expired" | "revoked";
                                suspended: boolean;
                                /** Format: date-time */
                                expiresAt: string | null;
                                /** Format: date-time */
                                revokedAt: string | null;
                                uses: number;
                                /** Format: date-time */
                                firstActivatedAt: string | null;
                                /** Format: date-time */
                                firstValidatedAt: string | null;
                                /** Format: date-time */
                                lastCheckInAt: string | null;
                                /** @description the handshake code devices reach this license through (trackable licenses) */
                                handshakeCodeId: string | null;
                                /** @description per-license changes to the policy's limits */
                                overrides: {
                                    maxMachines?: number | null;
                                    maxUses?: number | null;
                                    overage?: {
                                        /** @enum {string} */
                                        strategy?: "none" | "percent" | "count";
                                        allowance?: number;
                                    };
                                    heartbeatDurationSeconds?: number | null;
                                    leaseDurationSeconds?: number;
                                    offlineGraceSeconds?: number;
                                };
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/licenses/{id}/actions/consume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record uses of a consumption license (422 USAGE_LIMIT_EXCEEDED past its quota)
         * @description Atomic: racing calls never take the counter past maxUses plus the policy's overage. An offline device reports the uses it made with this call when it is next online; send an Idempotency-Key so a retried report counts once.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description uses to add */
                        uses: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                productId: string;
                                policyId: string;
                                userId: string | null;
                                name: string | null;
                                /** @description the license key (plain text or cryptographic) */
                                key: string;
                                /** @enum {string} */
                                status: "active" | "suspended" | "expired" | "revoked";
                                suspended: boolean;
                                /** Format: date-time */
                                expiresAt: string | null;
                                /** Format: date-time */
                                revokedAt: string | null;
                                uses: number;
                                /** Format: date-time */
                                firstActivatedAt: string | null;
                                /** Format: date-time */
                                firstValidatedAt: string | null;
                                /** Format: date-time */
                                lastCheckInAt: string | null;
                                /** @description the handshake code devices reach this license through (trackable licenses) */
                                handshakeCodeId: string | null;
                                /** @description per-license changes to the policy's limits */
                                overrides: {
                                    maxMachines?: number | null;
                                    maxUses?: number | null;
                                    overage?: {
                                        /** @enum {string} */
                                        strategy?: "none" | "percent" | "count";
                                        allowance?: number;
                                    };
                                    heartbeatDurationSeconds?: number | null;
                                    leaseDurationSeconds?: number;
                                    offlineGraceSeconds?: number;
                                };
                                /** @description free-form JSON object */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                            usage: {
                                /** @description the license's uses after this call */
                                uses: number;
                                /** @description the quota; null: none */
                                maxUses: number | null;
                                /** @description the most uses allowed, overage included */
                                allowedUses: number | null;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organization/offline-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The offline activation api key and shared key (null until created with POST) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description public: devices put it in their requests (api_key) */
                                apiKey: string;
                                /** @description the HMAC key devices sign requests and verify responses with; embed it in the app */
                                sharedKey: string;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create the offline activation api key and shared key (201), or return them (200) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description public: devices put it in their requests (api_key) */
                                apiKey: string;
                                /** @description the HMAC key devices sign requests and verify responses with; embed it in the app */
                                sharedKey: string;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description public: devices put it in their requests (api_key) */
                                apiKey: string;
                                /** @description the HMAC key devices sign requests and verify responses with; embed it in the app */
                                sharedKey: string;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organization/offline-keys/actions/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace the offline api key and shared key (old requests stop verifying) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description public: devices put it in their requests (api_key) */
                                apiKey: string;
                                /** @description the HMAC key devices sign requests and verify responses with; embed it in the app */
                                sharedKey: string;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/licenses/{id}/actions/check-out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check out a signed license file (offline use until its expiry)
         * @description The default algorithm follows the policy's key scheme, unencrypted (base64+…); aes-256-gcm+… files are encrypted with sha256(license key), machine files with sha256(license key + fingerprint). `?format=lic` (or `Accept: application/octet-stream`) answers with the certificate itself as a `<id>.lic` download. Verify with @keyward/formats verifyLicenseFile or `keyward file verify`.
         */
        post: {
            parameters: {
                query?: {
                    format?: "json" | "lic";
                };
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        algorithm?: "aes-256-gcm+ed25519" | "aes-256-gcm+rsa-pss-sha256" | "aes-256-gcm+rsa-sha256" | "base64+ed25519" | "base64+rsa-pss-sha256" | "base64+rsa-sha256";
                        /** @description seconds the file stays valid, 3600 (1 hour) to 31556952 (1 year), default 2592000 (30 days); null: never expires (vendor tokens only) */
                        ttlSeconds?: number | null;
                        /** @description related resources to put in the file's `included` */
                        include?: ("entitlements" | "product" | "policy" | "owner")[];
                    };
                };
            };
            responses: {
                /** @description the file: JSON by default, the certificate itself with ?format=lic */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description -----BEGIN LICENSE FILE----- … (or MACHINE FILE) */
                                certificate: string;
                                /** @enum {string} */
                                algorithm: "aes-256-gcm+ed25519" | "aes-256-gcm+rsa-pss-sha256" | "aes-256-gcm+rsa-sha256" | "base64+ed25519" | "base64+rsa-pss-sha256" | "base64+rsa-sha256";
                                /** Format: date-time */
                                issued: string;
                                /** Format: date-time */
                                expiry: string | null;
                                ttl: number | null;
                            };
                        };
                        "application/octet-stream": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/machines/{id}/actions/check-out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check out a signed machine file: the device's activation, for offline use
         * @description The default algorithm follows the policy's key scheme, unencrypted (base64+…); aes-256-gcm+… files are encrypted with sha256(license key), machine files with sha256(license key + fingerprint). `?format=lic` (or `Accept: application/octet-stream`) answers with the certificate itself as a `<id>.lic` download. Verify with @keyward/formats verifyLicenseFile or `keyward file verify`.
         */
        post: {
            parameters: {
                query?: {
                    format?: "json" | "lic";
                };
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        algorithm?: "aes-256-gcm+ed25519" | "aes-256-gcm+rsa-pss-sha256" | "aes-256-gcm+rsa-sha256" | "base64+ed25519" | "base64+rsa-pss-sha256" | "base64+rsa-sha256";
                        /** @description seconds the file stays valid, 3600 (1 hour) to 31556952 (1 year), default 2592000 (30 days); null: never expires (vendor tokens only) */
                        ttlSeconds?: number | null;
                        /** @description related resources to put in the file's `included` */
                        include?: ("license" | "entitlements" | "product" | "policy" | "owner")[];
                    };
                };
            };
            responses: {
                /** @description the file: JSON by default, the certificate itself with ?format=lic */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description -----BEGIN LICENSE FILE----- … (or MACHINE FILE) */
                                certificate: string;
                                /** @enum {string} */
                                algorithm: "aes-256-gcm+ed25519" | "aes-256-gcm+rsa-pss-sha256" | "aes-256-gcm+rsa-sha256" | "base64+ed25519" | "base64+rsa-pss-sha256" | "base64+rsa-sha256";
                                /** Format: date-time */
                                issued: string;
                                /** Format: date-time */
                                expiry: string | null;
                                ttl: number | null;
                            };
                        };
                        "application/octet-stream": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/machines/{id}/actions/proof": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * An activation proof: proof/… binding the license to the device (SPEC K6)
         * @description Signed with the organization's ed25519 key unless `algorithm` says otherwise.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        algorithm?: "ed25519" | "rsa-pss-sha256" | "rsa-sha256";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                proof: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List events (audit log), filtered by type, license or machine */
        get: {
            parameters: {
                query?: {
                    /** @description 1–100, default 25 */
                    limit?: string;
                    /** @description nextCursor of the previous page */
                    cursor?: string;
                    type?: "license.created" | "license.updated" | "license.deleted" | "license.suspended" | "license.reinstated" | "license.renewed" | "license.revoked" | "license.expired" | "license.checked_in" | "license.validation.succeeded" | "license.validation.failed" | "machine.activated" | "machine.deactivated" | "machine.culled" | "machine.heartbeat.first" | "license.consumed" | "offline.activated" | "offline.deactivated" | "machine.released" | "trial.issued" | "usage.alert";
                    licenseId?: string;
                    machineId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                /** @enum {string} */
                                type: "license.created" | "license.updated" | "license.deleted" | "license.suspended" | "license.reinstated" | "license.renewed" | "license.revoked" | "license.expired" | "license.checked_in" | "license.validation.succeeded" | "license.validation.failed" | "machine.activated" | "machine.deactivated" | "machine.culled" | "machine.heartbeat.first" | "license.consumed" | "offline.activated" | "offline.deactivated" | "machine.released" | "trial.issued" | "usage.alert";
                                licenseId: string | null;
                                machineId: string | null;
                                /** @description free-form JSON object */
                                data: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                createdAt: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policies/{id}/trackable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Trackable settings of a policy: its own and the effective ones */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                own: {
                                    /** @enum {string} */
                                    deviceModel?: "per_device" | "concurrent" | "per_active_device";
                                    inactiveDays?: number;
                                    seatSeconds?: number;
                                    /** @enum {string} */
                                    period?: "lifetime" | "month";
                                    featureQuotas?: {
                                        [key: string]: number;
                                    };
                                    alertThresholds?: number[];
                                };
                                effective: {
                                    /** @enum {string} */
                                    deviceModel: "per_device" | "concurrent" | "per_active_device";
                                    inactiveDays: number;
                                    seatSeconds: number;
                                    /** @enum {string} */
                                    period: "lifetime" | "month";
                                    featureQuotas: {
                                        [key: string]: number;
                                    };
                                    alertThresholds: number[];
                                };
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        /** Change a policy's trackable settings (merged into what it has) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        deviceModel?: "per_device" | "concurrent" | "per_active_device";
                        inactiveDays?: number;
                        seatSeconds?: number;
                        /** @enum {string} */
                        period?: "lifetime" | "month";
                        featureQuotas?: {
                            [key: string]: number;
                        };
                        alertThresholds?: number[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                own: {
                                    /** @enum {string} */
                                    deviceModel?: "per_device" | "concurrent" | "per_active_device";
                                    inactiveDays?: number;
                                    seatSeconds?: number;
                                    /** @enum {string} */
                                    period?: "lifetime" | "month";
                                    featureQuotas?: {
                                        [key: string]: number;
                                    };
                                    alertThresholds?: number[];
                                };
                                effective: {
                                    /** @enum {string} */
                                    deviceModel: "per_device" | "concurrent" | "per_active_device";
                                    inactiveDays: number;
                                    seatSeconds: number;
                                    /** @enum {string} */
                                    period: "lifetime" | "month";
                                    featureQuotas: {
                                        [key: string]: number;
                                    };
                                    alertThresholds: number[];
                                };
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/licenses/{id}/trackable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Trackable settings of a license: its own and the effective ones */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                own: {
                                    /** @enum {string} */
                                    deviceModel?: "per_device" | "concurrent" | "per_active_device";
                                    inactiveDays?: number;
                                    seatSeconds?: number;
                                    /** @enum {string} */
                                    period?: "lifetime" | "month";
                                    featureQuotas?: {
                                        [key: string]: number;
                                    };
                                    alertThresholds?: number[];
                                };
                                effective: {
                                    /** @enum {string} */
                                    deviceModel: "per_device" | "concurrent" | "per_active_device";
                                    inactiveDays: number;
                                    seatSeconds: number;
                                    /** @enum {string} */
                                    period: "lifetime" | "month";
                                    featureQuotas: {
                                        [key: string]: number;
                                    };
                                    alertThresholds: number[];
                                };
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        /** Change a license's trackable settings (merged into what it has) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        deviceModel?: "per_device" | "concurrent" | "per_active_device";
                        inactiveDays?: number;
                        seatSeconds?: number;
                        /** @enum {string} */
                        period?: "lifetime" | "month";
                        featureQuotas?: {
                            [key: string]: number;
                        };
                        alertThresholds?: number[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                own: {
                                    /** @enum {string} */
                                    deviceModel?: "per_device" | "concurrent" | "per_active_device";
                                    inactiveDays?: number;
                                    seatSeconds?: number;
                                    /** @enum {string} */
                                    period?: "lifetime" | "month";
                                    featureQuotas?: {
                                        [key: string]: number;
                                    };
                                    alertThresholds?: number[];
                                };
                                effective: {
                                    /** @enum {string} */
                                    deviceModel: "per_device" | "concurrent" | "per_active_device";
                                    inactiveDays: number;
                                    seatSeconds: number;
                                    /** @enum {string} */
                                    period: "lifetime" | "month";
                                    featureQuotas: {
                                        [key: string]: number;
                                    };
                                    alertThresholds: number[];
                                };
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/products/{id}/trackable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A product's trackable settings (its public-trial policy) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                publicTrialPolicyId: string | null;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        /** Set the policy of the product's 7-day public trials (null: no public trial) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        publicTrialPolicyId: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                publicTrialPolicyId: string | null;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/licenses/{id}/actions/bind-handshake-code": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Bind a license to a handshake code (absent: the organization's default; T3) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        handshakeCodeId?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                licenseId: string;
                                handshakeCodeId: string | null;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/licenses/{id}/actions/unbind-handshake-code": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Unbind a license from its handshake code: devices no longer reach it */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                licenseId: string;
                                handshakeCodeId: string | null;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/trackable/private-trials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create the organization's 30-day private trial on its default code (SPEC T3)
         * @description 201 when created; 200 with the existing trial: one per product.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. A client-chosen key (1–255 visible ASCII characters) that makes retrying this request safe: a repeat with the same key, method, path and body within 24 hours gets the first response again (with `Idempotent-Replayed: true`) and changes nothing. 409 IDEMPOTENCY_KEY_IN_PROGRESS while the first request runs; 422 IDEMPOTENCY_KEY_REUSED for the same key with a different request. Keys are per organization. */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        policyId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                licenseId: string;
                                expiresAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                licenseId: string;
                                expiresAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Conflict, or IDEMPOTENCY_KEY_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description IDEMPOTENCY_KEY_REUSED */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/licenses/{id}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A license's reported usage summed per day (default), device or feature */
        get: {
            parameters: {
                query?: {
                    groupBy?: "day" | "device" | "feature";
                    from?: string;
                    to?: string;
                    /** @description the random UUID the SDK generates and caches (SPEC T7) */
                    deviceId?: string;
                    feature?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                key: string;
                                count: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/licenses/{id}/quota": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A license's quotas in the current period and its devices in use */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                period: string;
                                /** @enum {string} */
                                stage: "ok" | "grace" | "exhausted";
                                quotas: {
                                    metric: string;
                                    used: number;
                                    limit: number | null;
                                    most: number | null;
                                    /** @enum {string} */
                                    stage: "ok" | "grace" | "exhausted";
                                }[];
                                devices: {
                                    /** @enum {string} */
                                    model: "per_device" | "concurrent" | "per_active_device";
                                    inUse: number;
                                    limit: number | null;
                                    most: number | null;
                                };
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                requestId: string;
                                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                                details?: {
                                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                                    path: string;
                                    message: string;
                                    /** @description the values an enum field takes */
                                    allowedValues?: unknown[];
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** Error */
        "def-0": {
            error: {
                code: string;
                message: string;
                requestId: string;
                /** @description VALIDATION_FAILED only: every problem found (the first 20) */
                details?: {
                    /** @description the field: `body.overrides.maxMachines`, `query.limit`, `params.id` */
                    path: string;
                    message: string;
                    /** @description the values an enum field takes */
                    allowedValues?: unknown[];
                }[];
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
