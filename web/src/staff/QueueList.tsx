// The visits on this phone, newest first, each with its state: waiting for the network, sending,
// stored by the API, or refused (with the API's reason on that item, to fix or discard).
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../format";
import { fieldLabelKey } from "./draft";
import { RaiseCase } from "./RaiseCase";
import { type QueuedVisit, removeVisits, saveVisits } from "./store";
import { flushQueue } from "./sync";

export function QueueList({ owner, items, onFix }: { owner: string; items: QueuedVisit[]; onFix: (item: QueuedVisit) => void }) {
  const { t } = useTranslation();
  const count = (state: QueuedVisit["state"]) => items.filter((item) => item.state === state).length;
  const waiting = count("waiting") + count("sending");
  const stored = items.filter((item) => item.state === "stored");
  return (
    <section aria-labelledby="queue-title" className="queue">
      <h2 id="queue-title">{t("staff.queue.title")}</h2>
      <p role="status" data-testid="queue-counts">
        {t("staff.queue.counts", { waiting, stored: stored.length, refused: count("refused") })}
      </p>
      <div className="actions">
        {waiting > 0 && (
          <button type="button" className="secondary" onClick={() => void flushQueue(owner)}>
            {t("staff.queue.sendNow")}
          </button>
        )}
        {stored.length > 0 && (
          <button type="button" className="secondary" onClick={() => void removeVisits(stored.map((item) => item.key))}>
            {t("staff.queue.clearStored")}
          </button>
        )}
      </div>
      {items.length === 0 ? (
        <p className="muted">{t("staff.queue.empty")}</p>
      ) : (
        <ul className="queue-items">
          {[...items].reverse().map((item) => (
            <QueueItem key={item.key} item={item} onFix={onFix} />
          ))}
        </ul>
      )}
    </section>
  );
}

function QueueItem({ item, onFix }: { item: QueuedVisit; onFix: (item: QueuedVisit) => void }) {
  const { t } = useTranslation();
  const { input, problem } = item;
  const titleId = `queued-${item.key}`;
  return (
    <li
      className={`queue-item ${item.state}`}
      data-testid="queued-visit"
      data-key={item.key}
      data-state={item.state}
      data-visit-id={item.visitId ?? undefined}
    >
      <div className="queue-item-head">
        <strong id={titleId}>
          {item.household ? item.household.address : t("staff.queue.walkIn", { name: input.walkIn?.name ?? "" })}
        </strong>
        <span className={`state-tag ${item.state}`} data-testid="queue-state">
          {t(`staff.queue.state.${item.state}`)}
        </span>
      </div>
      <p className="muted">
        {t(`visitChannel.${input.channel}`)} · {t(`visitCategory.${input.category}`)} · {formatDateTime(input.occurredAt)}
        {item.roomName ? ` · ${item.roomName}` : ""}
      </p>
      <p className="summary">{input.summary}</p>
      {problem && item.state === "refused" && (
        <div className="notice error" data-testid="queue-problem">
          <p>{t("staff.queue.refusedAt", { field: t(`staff.fields.${fieldLabelKey(problem.field)}`) })}</p>
          <p>
            {t("staff.queue.serverSaid")} <span lang="en">{problem.message}</span>
          </p>
        </div>
      )}
      {problem && item.state !== "refused" && item.state !== "stored" && (
        <p className="muted" data-testid="queue-problem">
          {t("staff.queue.willRetry")}
        </p>
      )}
      <div className="actions">
        {item.state === "refused" && (
          <>
            <button type="button" onClick={() => onFix(item)} aria-describedby={titleId}>
              {t("staff.queue.fix")}
            </button>
            <button type="button" className="secondary" onClick={() => void removeVisits([item.key])} aria-describedby={titleId}>
              {t("staff.queue.discard")}
            </button>
          </>
        )}
        {item.state === "stored" && item.visitId && item.household && (
          <RaiseCase
            visit={{
              id: item.visitId,
              channel: input.channel,
              category: input.category,
              summary: input.summary,
              householdId: item.household.id,
              blockCode: item.household.blockCode,
            }}
            caseId={item.caseId}
            onRaised={(caseId) => void saveVisits([{ ...item, caseId }])}
          />
        )}
        {item.state === "stored" && !item.household && <p className="muted">{t("staff.raise.walkInNoCase")}</p>}
      </div>
    </li>
  );
}
