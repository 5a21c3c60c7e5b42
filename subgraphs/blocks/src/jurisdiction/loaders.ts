// Every place lookup by code, whichever field or entity reference asks for it, becomes one
// `WHERE code IN (...)` per level; every listing of child places, one statement per level.
import type { Access } from "@grassroots/access";
import { type Level, levelOf, pathOf } from "@grassroots/jurisdiction";
import type { RawQueries } from "@grassroots/jurisdiction/roll-up";
import { loaderByKey, loaderOfGroups } from "@grassroots/platform";
import { Prisma } from "../generated/prisma/client";

export interface PlaceShape {
  code: string;
  name: string;
}

function byCode<Row extends { code: string }>(load: (codes: string[]) => Promise<Row[]>) {
  return loaderByKey(load, (row) => row.code);
}

/**
 * Places by code, one statement per level for all codes asked. Raw SQL in the rows' Prisma shape,
 * as the listings below: Prisma's query compiler cost a one-block query more CPU than the rest of
 * the blocks subgraph's work for it.
 */
export function createPlaceLoaders(reads: RawQueries) {
  const places = <Row extends { code: string }>(select: Prisma.Sql) =>
    byCode((codes) => reads.$queryRaw<Row[]>(Prisma.sql`${select} WHERE code IN (${Prisma.join(codes)})`) as Promise<Row[]>);
  return {
    district: places<Prisma.DistrictGetPayload<object>>(Prisma.sql`SELECT code, name FROM district`),
    street: places<Prisma.StreetGetPayload<object>>(Prisma.sql`SELECT code, name, district_code AS "districtCode" FROM street`),
    community: places<Prisma.CommunityGetPayload<object>>(
      Prisma.sql`SELECT code, name, street_code AS "streetCode" FROM community`,
    ),
    block: places<Prisma.BlockGetPayload<object>>(Prisma.sql`SELECT code, name, community_code AS "communityCode" FROM block`),
  };
}

/** The place a code names, through its level's loader; null for a malformed or unknown code. */
export function loadPlace(loaders: ReturnType<typeof createPlaceLoaders>, code: string): Promise<PlaceShape | null> {
  const level = levelOf(code);
  if (!level) return Promise.resolve(null);
  const loader: Record<Level, { load(code: string): Promise<PlaceShape | null> }> = {
    DISTRICT: loaders.district,
    STREET: loaders.street,
    COMMUNITY: loaders.community,
    BLOCK: loaders.block,
  };
  return loader[level].load(code);
}

/**
 * The places the caller may read (as Access.placeWhere): all for an administrator; otherwise their
 * work place, what lies within it and the places above it; none without a work place.
 */
function readableSql(access: Access): Prisma.Sql {
  if (access.isAdmin) return Prisma.sql`true`;
  const place = access.workPlace;
  if (place === null) return Prisma.sql`false`;
  return Prisma.sql`(starts_with(code, ${place}) OR code IN (${Prisma.join(pathOf(place))}))`;
}

/**
 * Each place's children that the caller may read, in code order: the children of many parents in
 * one statement per level (a district's whole tree is three). Raw SQL, not Prisma's nested
 * includes: the tree's 1,666 rows of two text columns cost Prisma's result mapping more than the
 * statements cost PostgreSQL. The rows have the Prisma models' shape, so every other field of
 * these types resolves on them as on Prisma's own rows.
 */
export function createChildLoaders(reads: RawQueries, access: Access) {
  const readable = readableSql(access);
  const children = <Row>(select: Prisma.Sql, parentColumn: string, parentKey: (row: Row) => string) =>
    loaderOfGroups(
      (parents: string[]) =>
        reads.$queryRaw<Row[]>(
          Prisma.sql`${select} WHERE ${Prisma.raw(parentColumn)} IN (${Prisma.join(parents)}) AND ${readable} ORDER BY code`,
        ) as Promise<Row[]>,
      parentKey,
    );
  return {
    streetsOf: children<Prisma.StreetGetPayload<object>>(
      Prisma.sql`SELECT code, name, district_code AS "districtCode" FROM street`,
      "district_code",
      (row) => row.districtCode,
    ),
    communitiesOf: children<Prisma.CommunityGetPayload<object>>(
      Prisma.sql`SELECT code, name, street_code AS "streetCode" FROM community`,
      "street_code",
      (row) => row.streetCode,
    ),
    blocksOf: children<Prisma.BlockGetPayload<object>>(
      Prisma.sql`SELECT code, name, community_code AS "communityCode" FROM block`,
      "community_code",
      (row) => row.communityCode,
    ),
  };
}
