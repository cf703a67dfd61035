"""Token-aware chunking with langchain-text-splitters; chunks keep offsets and pages."""

from __future__ import annotations

from langchain_text_splitters import RecursiveCharacterTextSplitter

from benchsmith.embedding import load_tokenizer
from benchsmith.records import Chunk, Document, stable_hash


def make_splitter(size_tokens: int, overlap_tokens: int, tokenizer_name: str) -> RecursiveCharacterTextSplitter:
    tokenizer = load_tokenizer(tokenizer_name)

    def count_tokens(text: str) -> int:
        return len(tokenizer.encode(text, add_special_tokens=False).ids)

    return RecursiveCharacterTextSplitter(
        chunk_size=size_tokens,
        chunk_overlap=overlap_tokens,
        length_function=count_tokens,
        separators=["\n\n", "\n", ". ", "? ", "! ", "; ", ", ", " ", ""],
        keep_separator="end",
        add_start_index=True,
        strip_whitespace=True,
    )


def chunk_document(document: Document, splitter: RecursiveCharacterTextSplitter) -> list[Chunk]:
    chunks = []
    for piece in splitter.create_documents([document.text]):
        text = piece.page_content
        start = piece.metadata.get("start_index", -1)
        if start < 0 or document.text[start : start + len(text)] != text:
            start = document.text.find(text)  # langchain's offset search can miss after stripping
        end = start + len(text)
        chunks.append(
            Chunk(
                id=stable_hash(document.id, len(chunks), text),
                document_id=document.id,
                source=document.source,
                index=len(chunks),
                text=text,
                start=start,
                end=end,
                pages=document.pages_between(start, end),
            )
        )
    return chunks
