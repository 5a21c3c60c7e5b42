// Finds and chooses the household visited within the person's place: by address, a resident's
// name or a phone; offline, among the households found earlier on this phone.
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorText } from "../layout/ErrorNotice";
import { findHouseholds, type HouseholdSearchAnswer } from "./households";
import type { HouseholdChoice } from "./store";

const MIN_SEARCH_LENGTH = 2;

export function HouseholdPicker({
  owner,
  scope,
  chosen,
  onChoose,
  error,
}: {
  owner: string;
  /** The place searched; empty: none yet (an administrator types one). */
  scope: string;
  chosen: HouseholdChoice | null;
  onChoose: (household: HouseholdChoice | null) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [answer, setAnswer] = useState<HouseholdSearchAnswer | null>(null);
  const [searching, setSearching] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  const search = async () => {
    setAnswer(null);
    if ([...text.trim()].length < MIN_SEARCH_LENGTH || !scope) {
      setNote(t("staff.form.searchTooShort"));
      return;
    }
    setNote(null);
    setSearching(true);
    try {
      setAnswer(await findHouseholds(owner, scope, text));
    } catch (failure) {
      setNote(errorText(failure, t));
    } finally {
      setSearching(false);
    }
  };

  const errorId = "household-error";
  if (chosen) {
    return (
      <div className="chosen-household" aria-describedby={error ? errorId : undefined}>
        <p>
          <span className="muted">{t("staff.form.chosen")}</span>
          <br />
          <strong data-testid="chosen-household">{chosen.address}</strong>
          <br />
          <span className="muted">{lineOf(chosen, t)}</span>
        </p>
        {error && (
          <p id={errorId} className="field-error">
            {error}
          </p>
        )}
        <button type="button" className="secondary" onClick={() => onChoose(null)}>
          {t("staff.form.change")}
        </button>
      </div>
    );
  }
  return (
    <div className="household-picker">
      <div className="search-row">
        <label>
          {t("staff.form.search")}
          <input
            type="search"
            value={text}
            aria-describedby={`household-search-help${error ? ` ${errorId}` : ""}`}
            aria-invalid={error ? true : undefined}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              // Enter searches; it must not save the half-written visit.
              if (event.key === "Enter") {
                event.preventDefault();
                void search();
              }
            }}
          />
        </label>
        <button type="button" onClick={() => void search()} disabled={searching}>
          {t("staff.form.searchButton")}
        </button>
      </div>
      <p id="household-search-help" className="muted">
        {t("staff.form.searchHelp")}
      </p>
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
      <div role="status">
        {searching && <p>{t("staff.form.searching")}</p>}
        {note && <p className="field-error">{note}</p>}
        {answer?.fromPhone && answer.households.length > 0 && <p className="notice warn">{t("staff.form.searchFromPhone")}</p>}
        {answer && answer.households.length === 0 && (
          <p className={answer.fromPhone ? "notice warn" : undefined}>
            {t(answer.fromPhone ? "staff.form.searchNoneOffline" : "staff.form.searchNone")}
          </p>
        )}
      </div>
      {answer && answer.households.length > 0 && (
        <ul className="household-results" aria-label={t("staff.form.results")}>
          {answer.households.map((household) => (
            <li key={household.id}>
              <button type="button" className="household-result" onClick={() => onChoose(household)}>
                <strong>{household.address}</strong>
                <span>{lineOf(household, t)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function lineOf(household: HouseholdChoice, t: TFunction) {
  return t("staff.form.householdLine", {
    head: household.head ?? t("notSet"),
    size: household.size,
    block: household.blockName,
  });
}
