-- armswatch schema, version 5.
-- The independent outlets of each story, counted as articles join and leave it, so that
-- refreshing a story's counts does not re-read all its articles (issue 17: a story of N
-- articles cost O(N) per new article). An article counts under its original's outlet when it
-- is a near-duplicate, under 'doc:' || doc_id when neither has an outlet. Triggers keep the
-- table exact whatever writes articles.story or article_links.

CREATE TABLE story_outlets (
    "story_id" TEXT NOT NULL,
    "outlet_key" TEXT NOT NULL,
    "n_articles" INTEGER NOT NULL,
    PRIMARY KEY ("story_id", "outlet_key")
) WITHOUT ROWID;

INSERT INTO story_outlets ("story_id", "outlet_key", "n_articles")
    SELECT a."story", coalesce(r."outlet", 'doc:' || r."doc_id"), count(*)
    FROM articles a LEFT JOIN article_links l ON l."doc_id" = a."doc_id"
    JOIN articles r ON r."doc_id" = coalesce(l."original_doc_id", a."doc_id")
    WHERE a."story" IS NOT NULL GROUP BY 1, 2;

-- First and last publication and the label of a story without sorting its articles.
CREATE INDEX idx_articles_story_published ON articles ("story", "published", "doc_id");

-- The outlet key of an article that joins or leaves a story: its original's when linked.
CREATE TRIGGER articles_ai_story_outlets AFTER INSERT ON articles WHEN new."story" IS NOT NULL BEGIN
    INSERT INTO story_outlets ("story_id", "outlet_key", "n_articles")
        SELECT new."story", coalesce(
            (SELECT coalesce(r."outlet", 'doc:' || r."doc_id") FROM article_links l
                JOIN articles r ON r."doc_id" = l."original_doc_id" WHERE l."doc_id" = new."doc_id"),
            coalesce(new."outlet", 'doc:' || new."doc_id")), 1
        WHERE true
        ON CONFLICT ("story_id", "outlet_key") DO UPDATE SET "n_articles" = "n_articles" + 1;
END;

-- AFTER: articles_bd_stories has dropped the article's links by then (their triggers moved it
-- back to its own outlet), so it leaves under its own key.
CREATE TRIGGER articles_ad_story_outlets AFTER DELETE ON articles WHEN old."story" IS NOT NULL BEGIN
    UPDATE story_outlets SET "n_articles" = "n_articles" - 1
        WHERE "story_id" = old."story" AND "outlet_key" = coalesce(old."outlet", 'doc:' || old."doc_id");
    DELETE FROM story_outlets WHERE "story_id" = old."story" AND "n_articles" <= 0;
END;

CREATE TRIGGER articles_au_story_outlets AFTER UPDATE OF "story" ON articles
    WHEN old."story" IS NOT new."story" BEGIN
    UPDATE story_outlets SET "n_articles" = "n_articles" - 1
        WHERE "story_id" = old."story" AND "outlet_key" = coalesce(
            (SELECT coalesce(r."outlet", 'doc:' || r."doc_id") FROM article_links l
                JOIN articles r ON r."doc_id" = l."original_doc_id" WHERE l."doc_id" = old."doc_id"),
            coalesce(old."outlet", 'doc:' || old."doc_id"));
    DELETE FROM story_outlets WHERE "story_id" = old."story" AND "n_articles" <= 0;
    INSERT INTO story_outlets ("story_id", "outlet_key", "n_articles")
        SELECT new."story", coalesce(
            (SELECT coalesce(r."outlet", 'doc:' || r."doc_id") FROM article_links l
                JOIN articles r ON r."doc_id" = l."original_doc_id" WHERE l."doc_id" = new."doc_id"),
            coalesce(new."outlet", 'doc:' || new."doc_id")), 1
        WHERE new."story" IS NOT NULL
        ON CONFLICT ("story_id", "outlet_key") DO UPDATE SET "n_articles" = "n_articles" + 1;
END;

-- A link moves an article from its own outlet to its original's (and back when it goes).
CREATE TRIGGER article_links_ai_story_outlets AFTER INSERT ON article_links BEGIN
    UPDATE story_outlets SET "n_articles" = "n_articles" - 1
        WHERE ("story_id", "outlet_key") = (SELECT a."story", coalesce(a."outlet", 'doc:' || a."doc_id")
            FROM articles a WHERE a."doc_id" = new."doc_id");
    DELETE FROM story_outlets WHERE "n_articles" <= 0
        AND "story_id" = (SELECT "story" FROM articles WHERE "doc_id" = new."doc_id");
    INSERT INTO story_outlets ("story_id", "outlet_key", "n_articles")
        SELECT a."story", coalesce(
            (SELECT coalesce(r."outlet", 'doc:' || r."doc_id") FROM articles r WHERE r."doc_id" = new."original_doc_id"),
            'doc:' || new."original_doc_id"), 1
        FROM articles a WHERE a."doc_id" = new."doc_id" AND a."story" IS NOT NULL
        ON CONFLICT ("story_id", "outlet_key") DO UPDATE SET "n_articles" = "n_articles" + 1;
END;

CREATE TRIGGER article_links_ad_story_outlets AFTER DELETE ON article_links BEGIN
    UPDATE story_outlets SET "n_articles" = "n_articles" - 1
        WHERE ("story_id", "outlet_key") = (SELECT a."story", coalesce(
            (SELECT coalesce(r."outlet", 'doc:' || r."doc_id") FROM articles r WHERE r."doc_id" = old."original_doc_id"),
            'doc:' || old."original_doc_id") FROM articles a WHERE a."doc_id" = old."doc_id");
    DELETE FROM story_outlets WHERE "n_articles" <= 0
        AND "story_id" = (SELECT "story" FROM articles WHERE "doc_id" = old."doc_id");
    INSERT INTO story_outlets ("story_id", "outlet_key", "n_articles")
        SELECT a."story", coalesce(a."outlet", 'doc:' || a."doc_id"), 1
        FROM articles a WHERE a."doc_id" = old."doc_id" AND a."story" IS NOT NULL
        ON CONFLICT ("story_id", "outlet_key") DO UPDATE SET "n_articles" = "n_articles" + 1;
END;

CREATE TRIGGER article_links_au_story_outlets AFTER UPDATE OF "original_doc_id" ON article_links
    WHEN old."original_doc_id" IS NOT new."original_doc_id" BEGIN
    UPDATE story_outlets SET "n_articles" = "n_articles" - 1
        WHERE ("story_id", "outlet_key") = (SELECT a."story", coalesce(
            (SELECT coalesce(r."outlet", 'doc:' || r."doc_id") FROM articles r WHERE r."doc_id" = old."original_doc_id"),
            'doc:' || old."original_doc_id") FROM articles a WHERE a."doc_id" = new."doc_id");
    DELETE FROM story_outlets WHERE "n_articles" <= 0
        AND "story_id" = (SELECT "story" FROM articles WHERE "doc_id" = new."doc_id");
    INSERT INTO story_outlets ("story_id", "outlet_key", "n_articles")
        SELECT a."story", coalesce(
            (SELECT coalesce(r."outlet", 'doc:' || r."doc_id") FROM articles r WHERE r."doc_id" = new."original_doc_id"),
            'doc:' || new."original_doc_id"), 1
        FROM articles a WHERE a."doc_id" = new."doc_id" AND a."story" IS NOT NULL
        ON CONFLICT ("story_id", "outlet_key") DO UPDATE SET "n_articles" = "n_articles" + 1;
END;
