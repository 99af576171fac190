import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { LICENSE_STATUSES, type License, nameOf, useProducts } from "../api.js";
import { useSession } from "../session.js";
import { formatDate, QueryView, StatusBadge, TableWrap } from "../ui.js";

/** Counted per status up to this many (one page each); more shows as "100+". */
const COUNT_LIMIT = 100;
/**
 * Active licenses scanned for expiry dates. The API has no expiry filter: the scan stops
 * here (10 pages) so the overview stays quick, and says so when it did.
 */
const EXPIRY_SCAN_LIMIT = 1000;
const DAY_MS = 86_400_000;

export function Overview() {
  const { client, organization } = useSession();
  const products = useProducts();
  const counts = useQuery({
    queryKey: ["licenses", "overview", "counts"],
    queryFn: () =>
      Promise.all(
        LICENSE_STATUSES.map(async (status) => {
          const page = await client.GET("/v1/licenses", {
            params: { query: { status, limit: String(COUNT_LIMIT) } },
          });
          return { status, count: page.data.length, more: page.nextCursor !== null };
        }),
      ),
  });
  const expiring = useQuery({
    queryKey: ["licenses", "overview", "expiring"],
    queryFn: async () => {
      const until = Date.now() + 30 * DAY_MS;
      const found: License[] = [];
      let scanned = 0;
      for await (const license of client.paginate("/v1/licenses", {
        params: { query: { status: "active", limit: "100" } },
      })) {
        if (license.expiresAt !== null && Date.parse(license.expiresAt) <= until) {
          found.push(license);
        }
        if (++scanned >= EXPIRY_SCAN_LIMIT) return { found, complete: false };
      }
      return { found, complete: true };
    },
  });

  return (
    <section>
      <h1>Overview</h1>
      <p className="lead">{organization.name}</p>
      <h2>Licenses by status</h2>
      <QueryView query={counts} label="license counts">
        {(rows) => (
          <ul className="cards">
            {rows.map((row) => (
              <li key={row.status} className="card">
                <Link to="/licenses" search={{ status: row.status }}>
                  <span className="count">
                    {row.count}
                    {row.more ? "+" : ""}
                  </span>
                  <StatusBadge status={row.status} />
                </Link>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
      <h2>Expiring in the next 30 days</h2>
      <QueryView
        query={expiring}
        label="expiring licenses"
        empty={(result) =>
          result.found.length === 0 && result.complete
            ? "No active license expires in the next 30 days."
            : null
        }
      >
        {(result) => (
          <>
            {result.complete ? null : (
              <p className="hint">
                Among the first {EXPIRY_SCAN_LIMIT} active licenses (the API has no expiry filter
                yet).
              </p>
            )}
            <TableWrap label="Expiring licenses table">
              <table>
                <thead>
                  <tr>
                    <th scope="col">License</th>
                    <th scope="col">Product</th>
                    <th scope="col">Expires</th>
                  </tr>
                </thead>
                <tbody>
                  {result.found.map((license) => (
                    <tr key={license.id}>
                      <td>
                        <Link to="/licenses/$id" params={{ id: license.id }}>
                          {license.name ?? license.id}
                        </Link>
                      </td>
                      <td>{nameOf(products.data, license.productId)}</td>
                      <td>{formatDate(license.expiresAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </>
        )}
      </QueryView>
    </section>
  );
}
