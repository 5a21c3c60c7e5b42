// The case's ledger: every tier's clock, the audit trail oldest first, and the revisits. The trail
// and revisits may name residents, so a role that may not read case texts sees them as hidden.
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../format";
import type { CaseDetailFieldsFragment } from "../generated/graphql";
import { HolderName } from "./HolderName";

type Props = { c: CaseDetailFieldsFragment; withText: boolean };

export function CaseLedger({ c, withText }: Props) {
  return (
    <>
      <Clocks c={c} withText={withText} />
      <Events c={c} withText={withText} />
      <Revisits c={c} withText={withText} />
    </>
  );
}

function Clocks({ c }: Props) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="case-clocks">
      <h2 id="case-clocks">{t("cases.detail.clocks")}</h2>
      {/* One card per clock rather than a wide table: it reads on a phone without scrolling. */}
      <ol className="clocks">
        {c.clocks.map((clock) => (
          <li key={clock.sequence} className="card">
            <strong>
              <HolderName tier={clock.tier} holderCode={clock.holderCode} />
            </strong>
            {!clock.endedAt && <span className="tag">{t("cases.detail.clock.running")}</span>}
            <dl className="facts">
              <ClockTime label={t("cases.detail.clock.startedAt")} at={clock.startedAt} />
              <ClockTime label={t("cases.detail.clock.responseDueAt")} at={clock.responseDueAt} />
              <ClockTime label={t("cases.detail.clock.dueAt")} at={clock.dueAt} />
              <ClockTime label={t("cases.detail.clock.acceptedAt")} at={clock.acceptedAt} />
              <ClockTime label={t("cases.detail.clock.endedAt")} at={clock.endedAt} />
            </dl>
          </li>
        ))}
      </ol>
    </section>
  );
}

function ClockTime({ label, at }: { label: string; at: string | null }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{at ? <time dateTime={at}>{formatDateTime(at)}</time> : "—"}</dd>
    </div>
  );
}

function Events({ c, withText }: Props) {
  const { t } = useTranslation();
  const events = withText ? c.events : null;
  return (
    <section aria-labelledby="case-events">
      <h2 id="case-events">{t("cases.detail.events")}</h2>
      {!events ? (
        <p className="muted">
          <span className="tag">{t("hidden")}</span> {t("cases.detail.hiddenText")}
        </p>
      ) : events.length === 0 ? (
        <p>{t("cases.detail.noEvents")}</p>
      ) : (
        <ol className="case-events" data-testid="case-events">
          {events.map((event) => (
            <li key={event.sequence} data-kind={event.kind}>
              <div className="event-head">
                <strong>{t(`caseEvent.${event.kind}`)}</strong>
                <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                <span className="muted">{t("cases.detail.event.by", { actor: event.actor })}</span>
              </div>
              {event.fromStatus && event.fromStatus !== event.toStatus && (
                <div>
                  {t("cases.detail.event.move", {
                    from: t(`caseStatus.${event.fromStatus}`),
                    to: t(`caseStatus.${event.toStatus}`),
                  })}
                </div>
              )}
              {event.fromHolder && event.fromTier && event.fromHolder !== event.toHolder && (
                <div>
                  <HolderName tier={event.fromTier} holderCode={event.fromHolder} /> →{" "}
                  <HolderName tier={event.toTier} holderCode={event.toHolder} />
                </div>
              )}
              {event.reason && (
                <div className="case-text">
                  {t("cases.detail.event.reason")} {event.reason}
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Revisits({ c, withText }: Props) {
  const { t } = useTranslation();
  const revisits = withText ? c.revisits : null;
  return (
    <section aria-labelledby="case-revisits">
      <h2 id="case-revisits">{t("cases.detail.revisits")}</h2>
      {!revisits ? (
        <p className="muted">
          <span className="tag">{t("hidden")}</span> {t("cases.detail.hiddenText")}
        </p>
      ) : revisits.length === 0 ? (
        <p>{t("cases.detail.noRevisits")}</p>
      ) : (
        <ul className="case-events">
          {revisits.map((revisit) => (
            <li key={`${revisit.at}-${revisit.recordedBy}`}>
              <div className="event-head">
                <strong>{t(`revisitOutcome.${revisit.outcome}`)}</strong>
                <time dateTime={revisit.at}>{formatDateTime(revisit.at)}</time>
                <span className="muted">{t("cases.detail.revisit.by", { actor: revisit.recordedBy })}</span>
              </div>
              {revisit.note && <div className="case-text">{revisit.note}</div>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
