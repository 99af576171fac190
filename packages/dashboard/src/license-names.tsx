// Licenses named as people know them: by their name, else by part of their key; in lists that
// hold only their ids (machines, usage alerts, events, tokens), each license is read once by its
// id (GET /v1/licenses/{id}: the license screen's query, so cached and shared by every row and
// screen that names it).
import { KeywardApiError } from "@keyward/client";
import { useQueries } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { type License, licenseQuery } from "./api.js";
import { useSession } from "./session.js";

/**
 * A license's name, else part of its key: a plain key's start; a signed key's end (signed keys
 * of an organization start alike, with the same encoded header).
 */
export function licenseLabel(license: Pick<License, "name" | "key">): string {
  if (license.name !== null) return license.name;
  const { key } = license;
  if (key.length <= 20) return key;
  return key.includes(".") ? `…${key.slice(-10)}` : `${key.slice(0, 13)}…`;
}

/** A link to a license's screen, named by licenseLabel. */
export function LicenseLink({ license }: { license: Pick<License, "id" | "name" | "key"> }) {
  return (
    <Link to="/licenses/$id" params={{ id: license.id }}>
      {licenseLabel(license)}
    </Link>
  );
}

/** A license a list names by its id: its label once read, and whether it is gone (404). */
export interface NamedLicense {
  id: string;
  /** licenseLabel, or the id while the license loads (or cannot be read). */
  label: string;
  gone: boolean;
}

/**
 * The licenses of `ids` (a list's page), each read by its id: answers a lookup from an id to
 * its NamedLicense, for the cells (LicenseName) and the rows' button labels.
 */
export function useLicenseNames(ids: readonly (string | null)[]): (id: string) => NamedLicense {
  const { client } = useSession();
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  const licenses = useQueries({ queries: unique.map((id) => licenseQuery(client, id)) });
  return (id) => {
    const read = licenses[unique.indexOf(id)];
    // Deleted since it was read (its last answer kept with the error): gone.
    if (read?.error instanceof KeywardApiError && read.error.status === 404) {
      return { id, label: id, gone: true };
    }
    return { id, label: read?.data ? licenseLabel(read.data) : id, gone: false };
  };
}

/** A license of a list, by its label, linked to its screen; a deleted one says so, unlinked. */
export function LicenseName({ license }: { license: NamedLicense }) {
  if (license.gone) {
    return (
      <>
        <span className="mono">{license.id}</span> (deleted)
      </>
    );
  }
  return (
    <Link
      to="/licenses/$id"
      params={{ id: license.id }}
      className={license.label === license.id ? "mono" : undefined}
    >
      {license.label}
    </Link>
  );
}
