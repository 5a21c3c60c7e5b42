-- CreateTable
CREATE TABLE "open_data_publication" (
    "quarter" TEXT NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rows" JSONB NOT NULL,

    CONSTRAINT "open_data_publication_pkey" PRIMARY KEY ("quarter")
);

