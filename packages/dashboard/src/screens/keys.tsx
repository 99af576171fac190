// The organization's signing keys: each one's state (next, active, retired) and id (the kid
// artifacts name), the public halves to copy into apps, and, for admin tokens, rotation as
// docs/server.md recommends it: publish a next key, ship its public half in apps, then activate
// it (or retire it unused); or rotate at once. Activating, retiring and rotating ask first.
import type { paths, ResponseData } from "@keyward/client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useCanWrite, useSession } from "../session.js";
import {
  AskFirst,
  Confirm,
  ErrorNotice,
  formatDate,
  QueryView,
  StatusBadge,
  useReturnFocus,
} from "../ui.js";

type Algorithm = "ed25519" | "rsa";
const ALGORITHMS: readonly Algorithm[] = ["ed25519", "rsa"];
const ALGORITHM_NAMES: Record<Algorithm, string> = { ed25519: "Ed25519", rsa: "RSA-2048" };
/** Listed in this order: what signs now, what comes next, then the retired ones. */
const STATE_ORDER = { active: 0, next: 1, retired: 2 } as const;

type SigningKey = ResponseData<paths["/v1/signing-keys"]["get"], object>["data"][number];

export function SigningKeys() {
  const { client, kind } = useSession();
  const canWrite = useCanWrite();
  const queryClient = useQueryClient();
  const [copied, setCopied] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Algorithm | null>(null);
  /** What the last step did, said once done. */
  const [done, setDone] = useState<string | null>(null);
  // Closing the question (kept, or rotated) gives focus back to the button that asked.
  const focus = useReturnFocus();
  const closeQuestion = () => {
    if (confirming) focus.closing(confirming);
    setConfirming(null);
  };
  const keys = useQuery({
    queryKey: ["signing-keys"],
    queryFn: () => client.GET("/v1/signing-keys"),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["signing-keys"] });
  const rotate = useMutation({
    mutationFn: (algorithm: Algorithm) =>
      client.POST("/v1/signing-keys/actions/rotate", { body: { algorithm } }),
    onSuccess: ({ data }) => {
      closeQuestion();
      setDone(`Rotated: the ${ALGORITHM_NAMES[data.algorithm]} key ${data.id} signs from now on.`);
      return refresh();
    },
  });
  const publish = useMutation({
    mutationFn: (algorithm: Algorithm) => client.POST("/v1/signing-keys", { body: { algorithm } }),
    onMutate: () => setDone(null),
    onSuccess: ({ data }) => {
      setDone(
        `Published the next ${ALGORITHM_NAMES[data.algorithm]} key ${data.id}: ship its public half in your apps, then activate it.`,
      );
      return refresh();
    },
  });
  const copy = async (id: string, text: string) => {
    await navigator.clipboard.writeText(text);
    setCopied(id);
  };
  return (
    <section>
      <h1>Signing keys</h1>
      <p>
        Apps verify leases and license files with these public keys (Base64 SPKI): give the Ed25519
        one to the SDK as <code>publicKey</code>. A <em>next</em> key is published but signs nothing
        yet; the <em>active</em> key signs; a <em>retired</em> key still verifies what it signed.
      </p>
      {rotate.error ? <ErrorNotice error={rotate.error} what="Not rotated" /> : null}
      {publish.error ? <ErrorNotice error={publish.error} what="Not published" /> : null}
      {done ? (
        <p className="notice" role="status">
          {done}
        </p>
      ) : null}
      <QueryView
        query={keys}
        label="signing keys"
        empty={(page) => (page.data.length === 0 ? "No signing keys." : null)}
      >
        {(page) => (
          <>
            {kind === "admin" && canWrite ? (
              <div className="panel rotate">
                <h2>Rotate</h2>
                <p>
                  Publish a next key, ship its public half in your apps, then activate it below; or
                  rotate at once (apps must then fetch the new public key).
                </p>
                {confirming ? (
                  <Confirm
                    confirm={`Rotate the ${ALGORITHM_NAMES[confirming]} key`}
                    keep="Keep it"
                    pending={rotate.isPending}
                    onConfirm={() => rotate.mutate(confirming)}
                    onKeep={closeQuestion}
                  >
                    Rotate the {ALGORITHM_NAMES[confirming]} key?{" "}
                    {page.data.some((key) => key.algorithm === confirming && key.state === "next")
                      ? "Its next key becomes the active key"
                      : "A new key is made and becomes the active key"}{" "}
                    at once, and the active one is retired. Apps that do not yet trust the new
                    public key cannot verify what it signs.
                  </Confirm>
                ) : (
                  <div className="actions">
                    {ALGORITHMS.map((algorithm) => (
                      <button
                        key={algorithm}
                        ref={focus.trigger(algorithm)}
                        type="button"
                        className="secondary"
                        onClick={() => {
                          setDone(null);
                          setConfirming(algorithm);
                        }}
                      >
                        Rotate {ALGORITHM_NAMES[algorithm]}…
                      </button>
                    ))}
                    {/* An algorithm has at most one next key. */}
                    {ALGORITHMS.filter(
                      (algorithm) =>
                        !page.data.some(
                          (key) => key.algorithm === algorithm && key.state === "next",
                        ),
                    ).map((algorithm) => (
                      <button
                        key={`publish-${algorithm}`}
                        type="button"
                        className="secondary"
                        disabled={publish.isPending}
                        onClick={() => publish.mutate(algorithm)}
                      >
                        Publish a next {ALGORITHM_NAMES[algorithm]} key
                      </button>
                    ))}
                  </div>
                )}
              </div>
            ) : null}
            <ul className="keys">
              {[...page.data]
                .sort(
                  (a, b) =>
                    STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
                    a.algorithm.localeCompare(b.algorithm) ||
                    b.createdAt.localeCompare(a.createdAt),
                )
                .map((key) => (
                  <li key={key.id} className="panel">
                    <h2>
                      {ALGORITHM_NAMES[key.algorithm]} <StatusBadge status={key.state} />
                    </h2>
                    <dl className="facts">
                      <dt>Key id</dt>
                      <dd className="mono">{key.id}</dd>
                      <dt>Created</dt>
                      <dd>{formatDate(key.createdAt)}</dd>
                      {key.retiredAt ? (
                        <>
                          <dt>Retired</dt>
                          <dd>{formatDate(key.retiredAt)}</dd>
                        </>
                      ) : null}
                    </dl>
                    <pre className="mono key">{key.publicKey}</pre>
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => void copy(key.id, key.publicKey)}
                      aria-label={`Copy the ${key.state} ${ALGORITHM_NAMES[key.algorithm]} public key ${key.id}`}
                    >
                      Copy
                    </button>
                    {copied === key.id ? (
                      <span className="hint" role="status">
                        {" "}
                        Copied.
                      </span>
                    ) : null}
                    {kind === "admin" && key.state === "next" ? (
                      <NextKeySteps signingKey={key} onDone={setDone} />
                    ) : null}
                  </li>
                ))}
            </ul>
          </>
        )}
      </QueryView>
    </section>
  );
}

/**
 * A next key's steps: activate it (it signs from then on, the active key retired) or retire it
 * unused; both asked first, a failure said in the question. `onDone` hears what was done.
 */
function NextKeySteps(props: { signingKey: SigningKey; onDone(said: string): void }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const { signingKey: key } = props;
  const name = ALGORITHM_NAMES[key.algorithm];
  const step = useMutation({
    mutationFn: (action: "activate" | "retire") =>
      client.POST(`/v1/signing-keys/{id}/actions/${action}`, { params: { path: { id: key.id } } }),
    onSuccess: (_answer, action) => {
      props.onDone(
        action === "activate"
          ? `Activated: the ${name} key ${key.id} signs from now on.`
          : `Retired the next ${name} key ${key.id}: it will never sign.`,
      );
      return queryClient.invalidateQueries({ queryKey: ["signing-keys"] });
    },
  });
  const failed = (action: "activate" | "retire") => (step.variables === action ? step.error : null);
  return (
    <div className="actions">
      <AskFirst
        danger={false}
        label={`Activate the next ${name} key ${key.id}`}
        question={`Activate the next ${name} key ${key.id}? It signs everything from now on and the active ${name} key is retired (what it signed still verifies). Apps that do not trust the new public key yet cannot verify what it signs.`}
        confirm="Yes, activate"
        pending={step.isPending}
        error={failed("activate")}
        failed="Could not activate"
        onConfirm={(done) => step.mutate("activate", { onSuccess: done })}
      >
        Activate…
      </AskFirst>
      <AskFirst
        label={`Retire the next ${name} key ${key.id}`}
        question={`Retire the next ${name} key ${key.id}? It stays published but can never be activated. This cannot be undone.`}
        confirm="Yes, retire"
        pending={step.isPending}
        error={failed("retire")}
        failed="Could not retire"
        onConfirm={(done) => step.mutate("retire", { onSuccess: done })}
      >
        Retire…
      </AskFirst>
    </div>
  );
}
