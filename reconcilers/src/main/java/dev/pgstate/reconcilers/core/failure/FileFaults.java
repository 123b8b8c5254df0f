package dev.pgstate.reconcilers.core.failure;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * A failure's words for a person: the JDK's file exceptions carry only the path as their message (an
 * {@code AccessDeniedException} reads "/etc/x"), and an exception's own {@code toString} puts the Java class name in
 * front of ours, so neither belongs in a report.
 */
public final class FileFaults {

    private FileFaults() {
    }

    public static String describe(Throwable failure) {
        if (failure instanceof FileSystemException file && file.getReason() == null) {
            String path = file.getOtherFile() == null ? file.getFile() : file.getFile() + " -> " + file.getOtherFile();
            return whatWentWrong(file) + ": " + path;
        }
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    private static String whatWentWrong(FileSystemException failure) {
        if (failure instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (failure instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (failure instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (failure instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (failure instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        return "file system error";
    }
}
