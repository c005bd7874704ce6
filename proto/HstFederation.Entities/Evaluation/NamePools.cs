namespace HstFederation.Entities.Evaluation;

/// <summary>
/// Names of the evaluation corpus (docs/matching.md §4), by origin. Cyrillic and Latin names are romanised
/// by rule (<see cref="Romanisations"/>, diacritics); Arabic and Greek ones carry the spellings sources
/// actually use, since their script does not determine one (Arabic writes no short vowels).
/// </summary>
internal static class NamePools
{
    public static readonly string[] CyrillicGiven =
    [
        "Александр", "Алексей", "Сергей", "Дмитрий", "Андрей", "Михаил", "Юрий", "Николай", "Владимир", "Олег",
        "Игорь", "Евгений", "Виктор", "Павел", "Артём", "Максим", "Иван", "Олександр", "Сергій", "Андрій",
        "Юлия", "Наталья", "Ольга", "Татьяна", "Екатерина", "Анастасия", "Мария", "Светлана", "Ирина", "Елена",
    ];

    public static readonly string[] CyrillicFamily =
    [
        "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров",
        "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев",
        "Шевченко", "Бондаренко", "Коваленко", "Ткаченко", "Кравченко", "Олійник", "Шевчук", "Поліщук", "Лисенко", "Мельник",
        "Каримов", "Рахимов", "Юсупов", "Хасанов", "Жуков", "Зайцев", "Щербаков", "Чернов", "Яковлев", "Гусев",
    ];

    public static readonly (string Original, string[] Latin)[] ArabicGiven =
    [
        ("محمد", ["Mohammed", "Muhammad", "Mohamed", "Mohamad"]), ("أحمد", ["Ahmed", "Ahmad", "Ahmet"]),
        ("علي", ["Ali", "Aly"]), ("عمر", ["Omar", "Umar", "Omer"]), ("يوسف", ["Youssef", "Yusuf", "Yousef", "Youcef"]),
        ("حسن", ["Hassan", "Hasan"]), ("حسين", ["Hussein", "Hussain", "Husayn", "Hossein"]), ("خالد", ["Khaled", "Khalid"]),
        ("إبراهيم", ["Ibrahim", "Ebrahim", "Brahim"]), ("مصطفى", ["Mustafa", "Moustafa", "Mostafa"]),
        ("عبد الله", ["Abdullah", "Abdallah", "Abdulla"]), ("عبد الرحمن", ["Abdulrahman", "Abderrahmane", "Abdul Rahman"]),
        ("سعيد", ["Said", "Saeed"]), ("كريم", ["Karim", "Kareem"]), ("طارق", ["Tarek", "Tariq", "Tarik"]),
        ("محمود", ["Mahmoud", "Mahmud"]), ("جمال", ["Jamal", "Djamel", "Gamal"]), ("فاطمة", ["Fatima", "Fatma"]),
        ("عائشة", ["Aisha", "Aicha", "Ayesha"]), ("مريم", ["Maryam", "Mariam", "Meryem"]), ("زينب", ["Zainab", "Zeinab", "Zaynab"]),
        ("نور", ["Nour", "Noor", "Nur"]), ("ياسين", ["Yassin", "Yasin", "Yacine"]), ("رشيد", ["Rachid", "Rashid"]),
    ];

    public static readonly (string Original, string[] Latin)[] ArabicFamily =
    [
        ("حداد", ["Haddad", "Hadad"]), ("منصور", ["Mansour", "Mansur"]), ("عثمان", ["Othman", "Osman", "Uthman"]),
        ("صالح", ["Saleh", "Salih"]), ("ناصر", ["Nasser", "Naser", "Nasir"]), ("جابر", ["Jaber", "Jabir", "Djaber"]),
        ("الشريف", ["Al-Sharif", "El Sherif", "Alsharif"]), ("التميمي", ["Al-Tamimi", "Altamimi", "El Tamimi"]),
        ("العبيدي", ["Al-Obaidi", "Al-Ubaidi"]), ("المصري", ["Al-Masri", "El Masry"]), ("قاسم", ["Qasim", "Kassem", "Kasem"]),
        ("حمدان", ["Hamdan"]), ("يعقوب", ["Yacoub", "Yaqub", "Yakub"]), ("إدريس", ["Idris", "Driss", "Idriss"]),
        ("زيدان", ["Zidane", "Zaidan"]), ("بن علي", ["Ben Ali", "Bin Ali"]), ("الخطيب", ["Al-Khatib", "El Khatib", "Alkhatib"]),
        ("السيد", ["El Sayed", "Al-Sayyid", "Elsayed"]), ("عبد الكريم", ["Abdelkarim", "Abdul Karim", "Abdulkarim"]),
        ("الحسيني", ["Al-Husseini", "El Husseini"]), ("بوزيد", ["Bouzid", "Bouzaid"]), ("كمال", ["Kamal", "Kemal"]),
        ("سليمان", ["Suleiman", "Sulaiman", "Slimane"]), ("رحمن", ["Rahman", "Rehman"]),
    ];

    public static readonly (string Original, string[] Latin)[] GreekGiven =
    [
        ("Γεώργιος", ["Georgios", "Giorgos", "Yiorgos"]), ("Δημήτριος", ["Dimitrios", "Dimitris", "Demetrios"]),
        ("Κωνσταντίνος", ["Konstantinos", "Constantinos"]), ("Ιωάννης", ["Ioannis", "Giannis", "Yannis"]),
        ("Νικόλαος", ["Nikolaos", "Nikolas"]), ("Παναγιώτης", ["Panagiotis", "Panayiotis"]),
        ("Βασίλειος", ["Vasileios", "Vasilios", "Vassilis"]), ("Χρήστος", ["Christos", "Hristos"]),
        ("Μαρία", ["Maria"]), ("Ελένη", ["Eleni", "Helen"]), ("Αικατερίνη", ["Aikaterini", "Ekaterini"]),
        ("Σοφία", ["Sofia", "Sophia"]), ("Ευάγγελος", ["Evangelos", "Evangelos"]), ("Σπυρίδων", ["Spyridon", "Spiridon"]),
    ];

    public static readonly (string Original, string[] Latin)[] GreekFamily =
    [
        ("Παπαδόπουλος", ["Papadopoulos", "Papadopulos"]), ("Παπαδάκης", ["Papadakis"]), ("Οικονόμου", ["Oikonomou", "Economou"]),
        ("Γεωργίου", ["Georgiou", "Yeorgiou"]), ("Νικολάου", ["Nikolaou", "Nicolaou"]), ("Χατζής", ["Chatzis", "Hatzis", "Hadjis"]),
        ("Καραγιάννης", ["Karagiannis", "Karayannis"]), ("Βλάχος", ["Vlachos", "Vlahos"]), ("Αθανασίου", ["Athanasiou"]),
        ("Μιχαηλίδης", ["Michailidis", "Michaelides"]), ("Πετρόπουλος", ["Petropoulos"]), ("Αντωνίου", ["Antoniou"]),
        ("Ιωαννίδης", ["Ioannidis", "Ioannides"]), ("Δημητρίου", ["Dimitriou", "Demetriou"]), ("Κωνσταντίνου", ["Konstantinou", "Constantinou"]),
    ];

    public static readonly string[] LatinGiven =
    [
        "Ștefan", "Andrei", "Mihai", "Ionuț", "Gheorghe", "Alexandru", "Elena", "Ioana", "Mehmet", "Ahmet", "Emre",
        "Ayşe", "Gëzim", "Arbër", "Besnik", "Florin", "Cătălin", "Răzvan", "Zeynep", "Burak", "Elif", "Dritan", "Blerta",
    ];

    public static readonly string[] LatinFamily =
    [
        "Popescu", "Ionescu", "Dumitrescu", "Stoica", "Munteanu", "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Hoxha",
        "Krasniqi", "Berisha", "Gashi", "Shehu", "Răducanu", "Țurcanu", "Öztürk", "Aydın", "Doğan", "Kılıç", "Çela", "Dervishi",
    ];

    public static readonly string[] CyrillicCountries = ["RU", "UA", "UZ", "BY"];
    public static readonly string[] ArabicCountries = ["SY", "IQ", "EG", "MA", "LY", "SD"];
    public static readonly string[] GreekCountries = ["GR", "CY"];
    public static readonly string[] LatinCountries = ["RO", "TR", "AL", "XK"];
}
