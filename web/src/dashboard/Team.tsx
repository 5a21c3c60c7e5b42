// A block's service team, as named on its public commitment board (亮牌承诺).
import { useTranslation } from "react-i18next";
import type { TeamMember } from "./place";

export function Team({ members }: { members: TeamMember[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="team-title">
      <h2 id="team-title">{t("dashboard.team.title")}</h2>
      {members.length === 0 ? (
        <p>{t("dashboard.team.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="team">
            <thead>
              <tr>
                <th scope="col">{t("dashboard.team.name")}</th>
                <th scope="col">{t("dashboard.team.role")}</th>
                <th scope="col">{t("dashboard.team.phone")}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((member) => (
                <tr key={member.id}>
                  <td>{member.name}</td>
                  <td>{t(`teamRole.${member.role}`)}</td>
                  <td>
                    <a href={`tel:${member.workPhone}`}>{member.workPhone}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
