// Logging a visit in a few taps: how, who, where, what. Saving writes it to the phone's queue
// first (under a new idempotency key) and then sends the queue if there is a network.
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { newKey } from "../api/keys";
import { placeOf, type Viewer } from "../auth/claims";
import { ChoiceTiles } from "./ChoiceTiles";
import {
  CATEGORIES,
  CHANNELS,
  type Draft,
  draftOf,
  emptyDraft,
  type FieldKey,
  type FieldProblem,
  fieldKeyOf,
  inputOf,
  MAX_SUMMARY_LENGTH,
  MAX_VISIT_AGE_DAYS,
  problemsOf,
  shanghaiInputValue,
} from "./draft";
import { HouseholdPicker } from "./HouseholdPicker";
import { roomsFor, useRooms } from "./rooms";
import { enqueueVisit, type QueuedVisit } from "./store";
import { flushQueue } from "./sync";

type Problems = Partial<Record<FieldKey, FieldProblem>>;

export interface FormMemory {
  channel: Draft["channel"];
  roomId: string;
}

export function VisitForm({
  viewer,
  fixing,
  memory,
  onQueued,
  onCancelFix,
  onAttempt,
}: {
  viewer: Viewer;
  /** A refused item being fixed: it is replaced by the visit saved. */
  fixing: QueuedVisit | null;
  /** The channel and room of the last visit saved, offered again. */
  memory: FormMemory;
  onQueued: (item: QueuedVisit) => void;
  onCancelFix: () => void;
  /** Each tap on save, before the checks. */
  onAttempt: () => void;
}) {
  const { t } = useTranslation();
  const owner = viewer.sub;
  const place = placeOf(viewer);
  const ownRoomId = viewer.role === "room_staff" ? (viewer.scope ?? null) : null;
  const [adminPlace, setAdminPlace] = useState("");
  const scope = place ?? adminPlace.trim();
  const rooms = useRooms(viewer, scope || null);
  const [draft, setDraft] = useState<Draft>(() => (fixing ? draftOf(fixing) : emptyDraft(memory.channel, memory.roomId)));
  const [problems, setProblems] = useState<Problems>(() =>
    fixing?.problem ? { [fieldKeyOf(fixing.problem.field)]: { text: fixing.problem.message } } : {},
  );
  const summaryRef = useRef<HTMLDivElement>(null);
  // One key per form: a second tap on save while the first is being written queues nothing new.
  const key = useRef(newKey()).current;
  const [saving, setSaving] = useState(false);

  const homeVisit = draft.channel === "HOME_VISIT";
  const walkIn = draft.walkIn && !homeVisit;
  const roomChoices = roomsFor(rooms, scope || null, { household: draft.household, walkIn });
  // A room picked for another household no longer counts; a single room serving it is picked already.
  const pickedRoom =
    ownRoomId ??
    (roomChoices.some((room) => room.id === draft.roomId) ? draft.roomId : roomChoices.length === 1 ? roomChoices[0]!.id : "");
  const roomName = rooms.find((room) => room.id === pickedRoom)?.name ?? null;

  const update = (patch: Partial<Draft>, ...fields: FieldKey[]) => {
    setDraft((current) => ({ ...current, ...patch }));
    if (fields.length) {
      setProblems((current) => Object.fromEntries(Object.entries(current).filter(([key]) => !fields.includes(key as FieldKey))));
    }
  };

  const problemText = (problem: FieldProblem | undefined): string | undefined =>
    problem && ("text" in problem ? problem.text : t(`staff.invalid.${problem.key}`, problem.values ?? {}));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    onAttempt();
    const context = { ownRoomId, now: Date.now() };
    const checked = { ...draft, roomId: pickedRoom, walkIn };
    const found = problemsOf(checked, context);
    setProblems(found);
    if (Object.keys(found).length > 0) {
      summaryRef.current?.focus();
      return;
    }
    setSaving(true);
    const item: QueuedVisit = {
      key,
      owner,
      input: inputOf(checked, context, key),
      household: walkIn ? null : checked.household,
      roomName: homeVisit ? null : roomName,
      state: "waiting",
      queuedAt: new Date(context.now).toISOString(),
      visitId: null,
      problem: null,
      caseId: null,
    };
    try {
      await enqueueVisit(item, fixing?.key);
    } finally {
      setSaving(false);
    }
    onQueued(item);
    void flushQueue(owner);
  };

  const listed = Object.entries(problems) as [FieldKey, FieldProblem][];
  const now = Date.now();
  return (
    <form className="visit-form stack" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="visit-form-title">
      <h2 id="visit-form-title">{t(fixing ? "staff.form.fixTitle" : "staff.form.title")}</h2>
      {fixing && <p className="muted">{t("staff.form.fixHelp")}</p>}
      <div ref={summaryRef} tabIndex={-1} role={listed.length ? "alert" : undefined}>
        {listed.length > 0 && (
          <div className="notice error">
            <p>{t("staff.form.checkFields")}</p>
            <ul>
              {listed.map(([field, problem]) => (
                <li key={field}>
                  {field === "form"
                    ? problemText(problem)
                    : t("staff.form.fieldProblem", { field: t(`staff.fields.${field}`), problem: problemText(problem) })}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>

      <ChoiceTiles
        legend={t("staff.form.channel")}
        name="channel"
        options={CHANNELS}
        value={draft.channel}
        onChange={(channel) => update({ channel }, "channel", "roomId", "household")}
        labelOf={(channel) => t(`visitChannel.${channel}`)}
        error={problemText(problems.channel)}
      />

      <fieldset className="stack">
        <legend>{t("staff.form.who")}</legend>
        {homeVisit ? (
          <p className="muted">{t("staff.form.walkInNotForHome")}</p>
        ) : (
          <div className="choices">
            <label className="choice">
              <input type="radio" name="who" checked={!draft.walkIn} onChange={() => update({ walkIn: false }, "household")} />
              <span>{t("staff.form.registered")}</span>
            </label>
            <label className="choice">
              <input type="radio" name="who" checked={draft.walkIn} onChange={() => update({ walkIn: true }, "household")} />
              <span>{t("staff.form.walkIn")}</span>
            </label>
          </div>
        )}
        {place === null && (
          <label>
            {t("staff.form.place")}
            <input value={adminPlace} inputMode="numeric" onChange={(event) => setAdminPlace(event.target.value)} />
          </label>
        )}
        {walkIn ? (
          <>
            <label>
              {t("staff.form.walkInName")}
              <input
                value={draft.walkInName}
                maxLength={50}
                autoComplete="off"
                aria-invalid={problems.walkInName ? true : undefined}
                aria-describedby={problems.walkInName ? "walkInName-error" : undefined}
                onChange={(event) => update({ walkInName: event.target.value }, "walkInName")}
              />
            </label>
            {problems.walkInName && (
              <p id="walkInName-error" className="field-error">
                {problemText(problems.walkInName)}
              </p>
            )}
            <label>
              {t("staff.form.walkInPhone")}
              <input
                type="tel"
                inputMode="tel"
                value={draft.walkInPhone}
                autoComplete="off"
                aria-invalid={problems.walkInPhone ? true : undefined}
                aria-describedby={problems.walkInPhone ? "walkInPhone-error" : undefined}
                onChange={(event) => update({ walkInPhone: event.target.value }, "walkInPhone")}
              />
            </label>
            {problems.walkInPhone && (
              <p id="walkInPhone-error" className="field-error">
                {problemText(problems.walkInPhone)}
              </p>
            )}
          </>
        ) : (
          <HouseholdPicker
            owner={owner}
            scope={scope}
            chosen={draft.household}
            onChoose={(household) => update({ household }, "household", "roomId")}
            error={problemText(problems.household)}
          />
        )}
      </fieldset>

      <div className="room-field">
        {homeVisit ? (
          <p className="muted">{t("staff.form.homeVisitNoRoom")}</p>
        ) : ownRoomId ? (
          <p>{roomName ? t("staff.form.roomOwn", { name: roomName }) : t("staff.form.roomOwnUnknown")}</p>
        ) : (
          <>
            <label>
              {t("staff.form.roomPick")}
              <select
                value={pickedRoom}
                aria-invalid={problems.roomId ? true : undefined}
                aria-describedby={problems.roomId ? "roomId-error" : undefined}
                onChange={(event) => update({ roomId: event.target.value }, "roomId")}
              >
                <option value="">—</option>
                {roomChoices.map((room) => (
                  <option key={room.id} value={room.id}>
                    {room.name}
                  </option>
                ))}
              </select>
            </label>
            {roomChoices.length === 0 && (walkIn || draft.household) && (
              <p className="muted">{t(walkIn ? "staff.form.roomNoneWalkIn" : "staff.form.roomNone")}</p>
            )}
            {problems.roomId && (
              <p id="roomId-error" className="field-error">
                {problemText(problems.roomId)}
              </p>
            )}
          </>
        )}
      </div>

      <ChoiceTiles
        legend={t("staff.form.category")}
        name="category"
        options={CATEGORIES}
        value={draft.category}
        onChange={(category) => update({ category }, "category")}
        labelOf={(category) => t(`visitCategory.${category}`)}
        error={problemText(problems.category)}
      />

      <label>
        {t("staff.form.summary")}
        <textarea
          rows={4}
          value={draft.summary}
          maxLength={MAX_SUMMARY_LENGTH}
          aria-invalid={problems.summary ? true : undefined}
          aria-describedby={`summary-count${problems.summary ? " summary-error" : ""}`}
          onChange={(event) => update({ summary: event.target.value }, "summary")}
        />
      </label>
      <p id="summary-count" className="muted count">
        {t("staff.form.summaryCount", { count: draft.summary.trim().length, max: MAX_SUMMARY_LENGTH })}
      </p>
      {problems.summary && (
        <p id="summary-error" className="field-error">
          {problemText(problems.summary)}
        </p>
      )}

      <label className="check">
        <input
          type="checkbox"
          checked={draft.followUpNeeded}
          onChange={(event) => update({ followUpNeeded: event.target.checked })}
        />
        <span>{t("staff.form.followUpNeeded")}</span>
      </label>

      <label className="check">
        <input
          type="checkbox"
          checked={draft.justNow}
          onChange={(event) =>
            update(
              { justNow: event.target.checked, occurredAt: draft.occurredAt || shanghaiInputValue(Date.now()) },
              "occurredAt",
            )
          }
        />
        <span>{t("staff.form.justNow")}</span>
      </label>
      {!draft.justNow && (
        <label>
          {t("staff.form.occurredAt")}
          <input
            type="datetime-local"
            value={draft.occurredAt}
            max={shanghaiInputValue(now)}
            min={shanghaiInputValue(now - MAX_VISIT_AGE_DAYS * 86_400_000)}
            aria-invalid={problems.occurredAt ? true : undefined}
            aria-describedby={problems.occurredAt ? "occurredAt-error" : undefined}
            onChange={(event) => update({ occurredAt: event.target.value }, "occurredAt")}
          />
        </label>
      )}
      {problems.occurredAt && (
        <p id="occurredAt-error" className="field-error">
          {problemText(problems.occurredAt)}
        </p>
      )}

      <div className="actions">
        <button type="submit" className="primary-action" disabled={saving}>
          {t(fixing ? "staff.form.saveFixed" : "staff.form.save")}
        </button>
        {fixing && (
          <button type="button" className="secondary" onClick={onCancelFix}>
            {t("staff.form.cancelFix")}
          </button>
        )}
      </div>
    </form>
  );
}
