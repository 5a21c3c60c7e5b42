-- Written by hand. The visit triggers (0003, 0004; their functions as 0009 and 0011 left them) run
-- as the transaction commits, not as each visit row is written: deferred constraint triggers, the
-- same functions on the same events.
--
-- The roll-ups' counters of a block and its community are rows every visit there writes, and the
-- trigger locks them first (0011). Run with the INSERT, it held them from that statement through
-- every round trip after it until COMMIT: under the phone fleet's sustained logVisit to one block,
-- more than half of the delegates database's busy sessions waited for those rows, and a quarter
-- held them while idle in transaction, waiting for the subgraph's event loop to send COMMIT. Run
-- at commit, the rows are held for the trigger's own work only. The triggers take the rows in the
-- same order as before; a transaction refused as one side of a deadlock at COMMIT rolls back whole,
-- and is run again as before (retryingDeadlocks).
DROP TRIGGER visit_roll_up ON visit;
CREATE CONSTRAINT TRIGGER visit_roll_up AFTER INSERT OR DELETE OR UPDATE OF household_id, place_code, occurred_at ON visit
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION visit_roll_up();

DROP TRIGGER visit_spell_roll_up ON visit;
CREATE CONSTRAINT TRIGGER visit_spell_roll_up AFTER INSERT OR DELETE OR UPDATE OF household_id, place_code, occurred_at ON visit
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION visit_spell_roll_up();
