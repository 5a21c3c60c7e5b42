// The partner portal: organisations register with a street office and, once its officers approve
// them, pair with households in need of the street; the street's officers vet registrations here.
import "./partner.css";
import { Route, Routes } from "react-router";
import { ColleaguesPage } from "./ColleaguesPage";
import { HomePage } from "./HomePage";
import { JoinPage } from "./JoinPage";
import { MembersPage } from "./MembersPage";
import { OpportunitiesPage } from "./OpportunitiesPage";
import { PairingsPage } from "./PairingsPage";
import { RegisterPage } from "./RegisterPage";
import { VettingPage } from "./VettingPage";

export default function PartnerRoutes() {
  return (
    <Routes>
      <Route index element={<HomePage />} />
      <Route path="register" element={<RegisterPage />} />
      <Route path="join" element={<JoinPage />} />
      <Route path="opportunities" element={<OpportunitiesPage />} />
      <Route path="pairings" element={<PairingsPage />} />
      <Route path="members" element={<MembersPage />} />
      <Route path="colleagues" element={<ColleaguesPage />} />
      <Route path="vetting" element={<VettingPage />} />
      <Route path="*" element={<HomePage />} />
    </Routes>
  );
}
