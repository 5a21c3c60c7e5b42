-- Access is decided from codes and ids alone (a place's code extends its parent's; a department's
-- id starts with its district's code), so the database holds every row to that shape.
-- Not expressible in schema.prisma: these are CHECK constraints and a composite foreign key.

ALTER TABLE "district" ADD CONSTRAINT "district_code_shape" CHECK ("code" ~ '^[0-9]{6}$');
ALTER TABLE "street" ADD CONSTRAINT "street_code_extends_district" CHECK ("code" ~ ('^' || "district_code" || '[0-9]{3}$'));
ALTER TABLE "community" ADD CONSTRAINT "community_code_extends_street" CHECK ("code" ~ ('^' || "street_code" || '[0-9]{3}$'));
ALTER TABLE "block" ADD CONSTRAINT "block_code_extends_community" CHECK ("code" ~ ('^' || "community_code" || '[0-9]{3}$'));
ALTER TABLE "department" ADD CONSTRAINT "department_id_names_district" CHECK ("id" ~ ('^' || "district_code" || '-[a-z][a-z0-9-]*$') AND length("id") <= 64);

-- A category is routed, within a district, only to a department of that district.
CREATE UNIQUE INDEX "department_district_code_id_key" ON "department"("district_code", "id");
ALTER TABLE "department_category" ADD CONSTRAINT "department_category_department_of_district_fkey"
  FOREIGN KEY ("district_code", "department_id") REFERENCES "department"("district_code", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
