// The organization's signing keys: each one's state (next, active, retired) and id (the kid
// artifacts name), the public halves to copy into apps, and, for admin tokens, rotation with a
// confirmation (rotating switches what signs at once).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useSession } from "../session.js";
import { Confirm, ErrorNotice, formatDate, QueryView, StatusBadge, useReturnFocus } from "../ui.js";

type Algorithm = "ed25519" | "rsa";
const ALGORITHMS: readonly Algorithm[] = ["ed25519", "rsa"];
const ALGORITHM_NAMES: Record<Algorithm, string> = { ed25519: "Ed25519", rsa: "RSA-2048" };
/** Listed in this order: what signs now, what comes next, then the retired ones. */
const STATE_ORDER = { active: 0, next: 1, retired: 2 } as const;

export function SigningKeys() {
  const { client, kind } = useSession();
  const queryClient = useQueryClient();
  const [copied, setCopied] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Algorithm | null>(null);
  const [rotated, setRotated] = useState<{ algorithm: Algorithm; id: string } | null>(null);
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
  const rotate = useMutation({
    mutationFn: (algorithm: Algorithm) =>
      client.POST("/v1/signing-keys/actions/rotate", { body: { algorithm } }),
    onSuccess: ({ data }) => {
      closeQuestion();
      setRotated({ algorithm: data.algorithm, id: data.id });
      return queryClient.invalidateQueries({ queryKey: ["signing-keys"] });
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
      {rotated ? (
        <p className="notice" role="status">
          Rotated: the {ALGORITHM_NAMES[rotated.algorithm]} key{" "}
          <span className="mono">{rotated.id}</span> signs from now on.
        </p>
      ) : null}
      <QueryView
        query={keys}
        label="signing keys"
        empty={(page) => (page.data.length === 0 ? "No signing keys." : null)}
      >
        {(page) => (
          <>
            {kind === "admin" ? (
              <div className="panel rotate">
                <h2>Rotate</h2>
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
                          setRotated(null);
                          setConfirming(algorithm);
                        }}
                      >
                        Rotate {ALGORITHM_NAMES[algorithm]}…
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
                  </li>
                ))}
            </ul>
          </>
        )}
      </QueryView>
    </section>
  );
}
