// The cases app's pages: the list (filters in the URL) and one case with what may be done to it.
import "./cases.css";
import { Route, Routes } from "react-router";
import { CaseListPage } from "./CaseListPage";
import { CasePage } from "./CasePage";

export default function CaseRoutes() {
  return (
    <Routes>
      <Route index element={<CaseListPage />} />
      <Route path=":id" element={<CasePage />} />
    </Routes>
  );
}
