-- SPDX-License-Identifier: GPL-3.0-or-later
-- zotero-rows.sql — a small Zotero library for tests/test-import-zotero.c
-- and the CLI test, loaded after zotero-schema.sql.  The ids of the system
-- tables are those of Zotero's own; what each annotation is for:
--
--   attachment 2 (PDF of book 1: two creators, one a single-field name,
--   a citation key in Extra)
--     10  highlight, page "xii" (roman page label)
--     19  note beside 10 on page "xii": becomes 10's note
--     11  highlight with a comment (curly quotes), page "12"
--     12  note near 11 on page "12": appended to 11's note
--     13  underline, page "12", far below 11
--     25  note halfway between 11 and 13: ambiguous, reported
--     14  image: reported
--     15  highlight of blanks only: reported
--     16  note on page "99", where nothing is highlighted: reported
--     17  highlight with two tags (the book itself has another)
--     18  highlight in the trash: reported
--   attachment 4 (PDF of journal article 3)
--     20  highlight, its dateAdded checked
--     21  ink drawing: reported
--     22  text box: reported
--   attachment 6 (PDF of book section 5: an editor, a book title)
--     30  highlight with a comment, page "104"
--   attachment 8 (PDF of article 7, which is in the trash)
--     40  highlight: reported
--   attachment 9 (no parent item: its own title is the source)
--     50  highlight, page "1"

INSERT INTO version VALUES ('userdata', 120);
INSERT INTO libraries VALUES (1, 'user', 1, 1, 0, 0, 0, 0);

INSERT INTO itemTypes VALUES (1, 'note', NULL, 0);
INSERT INTO itemTypes VALUES (2, 'book', NULL, 2);
INSERT INTO itemTypes VALUES (3, 'bookSection', 2, 2);
INSERT INTO itemTypes VALUES (4, 'journalArticle', NULL, 2);
INSERT INTO itemTypes VALUES (14, 'attachment', NULL, 0);
INSERT INTO itemTypes VALUES (37, 'annotation', NULL, 0);

INSERT INTO fields VALUES (1, 'url', NULL);
INSERT INTO fields VALUES (4, 'volume', NULL);
INSERT INTO fields VALUES (7, 'place', NULL);
INSERT INTO fields VALUES (8, 'publisher', NULL);
INSERT INTO fields VALUES (10, 'pages', NULL);
INSERT INTO fields VALUES (12, 'publicationTitle', NULL);
INSERT INTO fields VALUES (14, 'date', NULL);
INSERT INTO fields VALUES (22, 'extra', NULL);
INSERT INTO fields VALUES (26, 'DOI', NULL);
INSERT INTO fields VALUES (110, 'title', NULL);
INSERT INTO fields VALUES (115, 'bookTitle', NULL);

INSERT INTO creatorTypes VALUES (1, 'author');
INSERT INTO creatorTypes VALUES (2, 'contributor');
INSERT INTO creatorTypes VALUES (3, 'editor');
INSERT INTO creatorTypes VALUES (4, 'translator');

INSERT INTO items (itemID, itemTypeID, dateAdded, libraryID, key) VALUES
  (1, 2, '2020-01-05 09:00:00', 1, 'BOOK2345'),
  (2, 14, '2020-01-05 09:00:01', 1, 'PDFB2345'),
  (3, 4, '2021-05-30 10:00:00', 1, 'JRNL7890'),
  (4, 14, '2021-05-30 10:00:01', 1, 'PDFJ7890'),
  (5, 3, '2022-02-01 08:00:00', 1, 'SECT4567'),
  (6, 14, '2022-02-01 08:00:01', 1, 'PDFS4567'),
  (7, 4, '2022-03-01 08:00:00', 1, 'TRSH1111'),
  (8, 14, '2022-03-01 08:00:01', 1, 'PDFT1111'),
  (9, 14, '2023-04-01 08:00:00', 1, 'SOLO2222'),
  (10, 37, '2020-02-01 20:00:00', 1, 'ANNOT010'),
  (11, 37, '2020-02-01 20:01:00', 1, 'ANNOT011'),
  (12, 37, '2020-02-01 20:02:00', 1, 'ANNOT012'),
  (13, 37, '2020-02-01 20:03:00', 1, 'ANNOT013'),
  (14, 37, '2020-02-01 20:04:00', 1, 'ANNOT014'),
  (15, 37, '2020-02-01 20:05:00', 1, 'ANNOT015'),
  (16, 37, '2020-02-01 20:06:00', 1, 'ANNOT016'),
  (17, 37, '2020-02-01 20:07:00', 1, 'ANNOT017'),
  (18, 37, '2020-02-01 20:08:00', 1, 'ANNOT018'),
  (19, 37, '2020-02-01 20:09:00', 1, 'ANNOT019'),
  (20, 37, '2021-06-01 12:34:56', 1, 'ANNOT020'),
  (21, 37, '2021-06-01 12:35:00', 1, 'ANNOT021'),
  (22, 37, '2021-06-01 12:36:00', 1, 'ANNOT022'),
  (25, 37, '2020-02-01 20:10:00', 1, 'ANNOT025'),
  (30, 37, '2022-02-02 18:00:00', 1, 'ANNOT030'),
  (40, 37, '2022-03-02 18:00:00', 1, 'ANNOT040'),
  (50, 37, '2023-04-02 18:00:00', 1, 'ANNOT050');

INSERT INTO itemDataValues VALUES
  (1, 'Lettres écrites de la montagne'),
  (2, '1764-00-00 1764'),
  (3, 'Marc-Michel Rey'),
  (4, 'Amsterdam'),
  (5, 'Citation Key: rousseau1764lettres' || char(10) || 'Original Date: 1764'),
  (6, 'On the “Epistolary” Form'),
  (7, '2011-03-00 March 2011'),
  (8, 'Journal of Letters'),
  (9, '4'),
  (10, '23–45'),
  (11, '10.1234/jol.2011.4'),
  (12, 'https://example.org/jol/4/23'),
  (13, 'Letters and Their Readers'),
  (14, 'The Cambridge Companion to the Letter'),
  (15, 'Cambridge University Press'),
  (16, '2009-00-00 2009'),
  (17, '101-120'),
  (18, 'A Trashed Article'),
  (19, 'Lettre de Marie Curie à sa fille'),
  (20, 'Full Text PDF');

INSERT INTO itemData VALUES
  (1, 110, 1), (1, 14, 2), (1, 8, 3), (1, 7, 4), (1, 22, 5),
  (2, 110, 20),
  (3, 110, 6), (3, 14, 7), (3, 12, 8), (3, 4, 9), (3, 10, 10), (3, 26, 11), (3, 1, 12),
  (4, 110, 20),
  (5, 110, 13), (5, 115, 14), (5, 8, 15), (5, 14, 16), (5, 10, 17),
  (6, 110, 20),
  (7, 110, 18),
  (8, 110, 20),
  (9, 110, 19);

INSERT INTO creators VALUES
  (1, 'Jean-Jacques', 'Rousseau', 0),
  (2, '', 'Société typographique de Neuchâtel', 1),
  (3, 'Jane', 'Smith', 0),
  (4, 'Esa', 'Díaz-León', 0),
  (5, 'Chidi', 'Okafor', 0);

INSERT INTO itemCreators VALUES
  (1, 1, 1, 0), (1, 2, 1, 1),
  (3, 3, 1, 0),
  (5, 4, 1, 0), (5, 5, 3, 1);

INSERT INTO itemAttachments (itemID, parentItemID, linkMode, contentType, path, syncState) VALUES
  (2, 1, 0, 'application/pdf', 'storage:Rousseau - 1764 - Lettres.pdf', 0),
  (4, 3, 0, 'application/pdf', 'storage:Smith - 2011 - On the Epistolary Form.pdf', 0),
  (6, 5, 0, 'application/pdf', 'storage:Diaz-Leon - 2009 - Letters.pdf', 0),
  (8, 7, 0, 'application/pdf', 'storage:Trashed.pdf', 0),
  (9, NULL, 0, 'application/pdf', 'storage:curie.pdf', 0);

INSERT INTO itemAnnotations VALUES
  (10, 2, 1, NULL, 'Il n’y a point de liberté sans lois, ni où quelqu’un est au-dessus des lois.', NULL,
   '#ffd400', 'xii', '00011|000120|00200', '{"pageIndex":11,"rects":[[56.8,318.3,279.5,330.5]]}', 0),
  (19, 2, 2, NULL, NULL, 'Rousseau answering Geneva’s Petit Conseil.',
   '#ffd400', 'xii', '00011|000000|00190', '{"pageIndex":11,"rects":[[20.0,300.0,42.0,322.0]]}', 0),
  (11, 2, 1, NULL, 'La volonté générale est toujours droite.', 'Compare the “general will” of the Contrat social.',
   '#ffd400', '12', '00023|000040|00150', '{"pageIndex":23,"rects":[[56.8,600.1,300.2,612.4]]}', 0),
  (12, 2, 2, NULL, NULL, 'Quoted in the letter to Émilie.',
   '#ffd400', '12', '00023|000000|00160', '{"pageIndex":23,"rects":[[20.0,590.0,42.0,612.0]]}', 0),
  (13, 2, 5, NULL, 'On ne peut être libre qu’en obéissant aux lois.', NULL,
   '#2ea8e5', '12', '00023|000900|00610', '{"pageIndex":23,"rects":[[56.8,140.0,290.0,152.3]]}', 0),
  (25, 2, 2, NULL, NULL, 'Which of the two?',
   '#ffd400', '12', '00023|000500|00380', '{"pageIndex":23,"rects":[[20.0,370.0,42.0,392.0]]}', 0),
  (14, 2, 3, NULL, NULL, NULL,
   '#ffd400', '13', '00024|000000|00100', '{"pageIndex":24,"rects":[[50.0,400.0,500.0,700.0]]}', 0),
  (15, 2, 1, NULL, '   ', NULL,
   '#ffd400', '14', '00025|000010|00300', '{"pageIndex":25,"rects":[[56.8,300.0,60.0,312.0]]}', 0),
  (16, 2, 2, NULL, NULL, 'A stray thought, far from any highlight.',
   '#ffd400', '99', '00098|000000|00100', '{"pageIndex":98,"rects":[[20.0,690.0,42.0,712.0]]}', 0),
  (17, 2, 1, NULL, 'Le peuple anglais pense être libre ; il se trompe fort.', NULL,
   '#5fb236', '15', '00026|000300|00400', '{"pageIndex":26,"rects":[[56.8,400.0,290.0,412.0]]}', 0),
  (18, 2, 1, NULL, 'Une annotation jetée à la corbeille.', NULL,
   '#ffd400', '16', '00027|000010|00100', '{"pageIndex":27,"rects":[[56.8,700.0,290.0,712.0]]}', 0),
  (20, 4, 1, NULL, 'A letter is a conversation held at a distance — “half a dialogue”.', NULL,
   '#ffd400', '23', '00000|000500|00300', '{"pageIndex":0,"rects":[[56.8,480.0,290.0,492.0]]}', 0),
  (21, 4, 4, NULL, NULL, NULL,
   '#ff6666', '24', '00001|000000|00100', '{"pageIndex":1,"width":2,"paths":[[100.0,700.0,120.0,690.0]]}', 0),
  (22, 4, 6, NULL, NULL, 'A text box typed on the page.',
   '#000000', '24', '00001|000000|00200', '{"pageIndex":1,"fontSize":14,"rects":[[100.0,600.0,300.0,620.0]]}', 0),
  (30, 6, 1, NULL, 'Every reader writes the letter anew.', 'Key claim.',
   '#ffd400', '104', '00003|001200|00250', '{"pageIndex":3,"rects":[[56.8,520.0,290.0,532.0]]}', 0),
  (40, 8, 1, NULL, 'Text of a trashed article.', NULL,
   '#ffd400', '1', '00000|000000|00100', '{"pageIndex":0,"rects":[[56.8,700.0,290.0,712.0]]}', 0),
  (50, 9, 1, NULL, 'Rien dans la vie n’est à craindre, tout est à comprendre.', NULL,
   '#ffd400', '1', '00000|000100|00120', '{"pageIndex":0,"rects":[[56.8,680.0,290.0,692.0]]}', 0);

INSERT INTO tags VALUES (1, 'liberté'), (2, 'politique'), (3, 'to read');
INSERT INTO itemTags VALUES (17, 2, 0), (17, 1, 0), (1, 3, 0);

INSERT INTO deletedItems VALUES (7, '2024-01-01 00:00:00'), (18, '2024-01-02 00:00:00');
