// Offline activation keys: the api key devices put in their request files and the shared key
// they sign with. Created on demand; rotating them makes requests made with the old ones fail.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useSession, Writable } from "../session.js";
import { Confirm, ErrorNotice, formatDate, QueryView, useReturnFocus } from "../ui.js";

export function OfflineKeys() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const [confirmRotate, setConfirmRotate] = useState(false);
  // Closing the question (kept, or rotated) gives focus back to the button that asked.
  const focus = useReturnFocus();
  const keys = useQuery({
    queryKey: ["offline-keys"],
    queryFn: () => client.GET("/v1/organization/offline-keys"),
  });
  const done = () => {
    if (confirmRotate) focus.closing("rotate");
    setConfirmRotate(false);
    return queryClient.invalidateQueries({ queryKey: ["offline-keys"] });
  };
  const create = useMutation({
    mutationFn: () => client.POST("/v1/organization/offline-keys"),
    onSuccess: done,
  });
  const rotate = useMutation({
    mutationFn: () => client.POST("/v1/organization/offline-keys/actions/rotate"),
    onSuccess: done,
  });
  const failed = create.error ?? rotate.error;
  return (
    <section>
      <h1>Offline activation keys</h1>
      <p>
        Devices without a network send an activation request file signed with these keys; embed both
        in the app that makes the files.
      </p>
      {failed ? <ErrorNotice error={failed} what="Not done" /> : null}
      <QueryView query={keys} label="offline keys">
        {({ data }) =>
          data === null ? (
            <div className="panel">
              <p className="state empty" role="status">
                No offline activation keys yet.
              </p>
              <Writable>
                <button type="button" disabled={create.isPending} onClick={() => create.mutate()}>
                  Create offline keys
                </button>
              </Writable>
            </div>
          ) : (
            <div className="panel">
              <dl className="facts">
                <dt>API key</dt>
                <dd className="mono key">{data.apiKey}</dd>
                <dt>Shared key</dt>
                <dd className="mono key">{data.sharedKey}</dd>
                <dt>Last changed</dt>
                <dd>{formatDate(data.updatedAt)}</dd>
              </dl>
              <Writable>
                {confirmRotate ? (
                  <Confirm
                    confirm="Rotate the keys"
                    keep="Keep them"
                    pending={rotate.isPending}
                    onConfirm={() => rotate.mutate()}
                    onKeep={() => {
                      focus.closing("rotate");
                      setConfirmRotate(false);
                    }}
                  >
                    Rotate? Apps holding the current keys can no longer make or read offline
                    activation files.
                  </Confirm>
                ) : (
                  <button
                    ref={focus.trigger("rotate")}
                    type="button"
                    className="secondary"
                    onClick={() => setConfirmRotate(true)}
                  >
                    Rotate…
                  </button>
                )}
              </Writable>
            </div>
          )
        }
      </QueryView>
    </section>
  );
}
