// /staff: the form to log a visit, and the queue of visits on this phone below it.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useViewer } from "../auth/session";
import { QueueList } from "./QueueList";
import { useQueue } from "./queue-hooks";
import type { QueuedVisit } from "./store";
import { type FormMemory, VisitForm } from "./VisitForm";

export function LogVisitPage() {
  const { t } = useTranslation();
  const viewer = useViewer();
  const items = useQueue(viewer.sub);
  const [fixing, setFixing] = useState<QueuedVisit | null>(null);
  // A new form after each visit saved, keeping how and where (the next resident usually comes the same way).
  const [formRound, setFormRound] = useState(0);
  const [memory, setMemory] = useState<FormMemory>({ channel: null, roomId: "" });
  const [saved, setSaved] = useState<"online" | "offline" | null>(null);

  const startOver = () => {
    setFixing(null);
    setFormRound((round) => round + 1);
  };

  return (
    <div className="stack">
      <h1>{t("staff.title")}</h1>
      <div role="status">
        {saved && (
          <p className="notice success" data-testid="saved-notice">
            {t(saved === "online" ? "staff.form.queuedOnline" : "staff.form.queuedOffline")}
          </p>
        )}
      </div>
      <VisitForm
        key={`${formRound}:${fixing?.key ?? ""}`}
        viewer={viewer}
        fixing={fixing}
        memory={memory}
        onQueued={(item) => {
          setMemory({ channel: item.input.channel, roomId: item.input.roomId ?? "" });
          setSaved(navigator.onLine ? "online" : "offline");
          startOver();
          // The next visit starts at the top of a fresh form, under the notice.
          window.scrollTo({ top: 0 });
        }}
        onAttempt={() => setSaved(null)}
        onCancelFix={startOver}
      />
      {items && (
        <QueueList
          owner={viewer.sub}
          items={items}
          onFix={(item) => {
            setSaved(null);
            setFixing(item);
            window.scrollTo({ top: 0 });
          }}
        />
      )}
    </div>
  );
}
