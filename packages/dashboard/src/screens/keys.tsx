import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useSession } from "../session.js";
import { formatDate, QueryView } from "../ui.js";

/** The organization's public signing keys, to embed in apps (the SDK's publicKey). */
export function SigningKeys() {
  const { client } = useSession();
  const [copied, setCopied] = useState<string | null>(null);
  const keys = useQuery({
    queryKey: ["signing-keys"],
    queryFn: () => client.GET("/v1/signing-keys"),
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
        one to the SDK as <code>publicKey</code>.
      </p>
      <QueryView
        query={keys}
        label="signing keys"
        empty={(page) => (page.data.length === 0 ? "No signing keys." : null)}
      >
        {(page) => (
          <ul className="keys">
            {page.data.map((key) => (
              <li key={key.id} className="panel">
                <h2>
                  {key.algorithm === "ed25519" ? "Ed25519" : "RSA-2048"}
                  {key.retiredAt ? ` (retired ${formatDate(key.retiredAt)})` : ""}
                </h2>
                <p className="mono">{key.id}</p>
                <pre className="mono key">{key.publicKey}</pre>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => void copy(key.id, key.publicKey)}
                  aria-label={`Copy the ${key.algorithm} public key`}
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
        )}
      </QueryView>
    </section>
  );
}
